import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode, RaglineError } from '@ragline/errors';

/** Deeper JSON than this is refused before parsing: no Ragline body nests more than 4 levels. */
export const MAX_JSON_DEPTH = 32;

const STRUCTURED_JSON = /^application\/[a-z0-9.!#$&^_-]+\+json\s*(;|$)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Webhook routes verify a signature over the exact bytes received: the parser keeps them. */
const KEEPS_RAW_BODY = /^\/v1\/webhooks\//;

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's bytes as received (webhook routes only). */
    rawBody?: Buffer;
  }
}

/**
 * The API reads JSON and nothing else, and a request without a body is a request without a body
 * whatever its content-type says (many clients send `content-type: application/json` on every
 * request, DELETE included). Replaces Fastify's and Nest's parsers:
 * - `application/json` and `application/*+json`: UTF-8 only, empty or blank → no body, nesting
 *   bounded, `__proto__`/`constructor.prototype` keys refused (Fastify's secure parser);
 * - any other type: no body → accepted as none; a body → 415 naming the accepted type.
 * A form body (`curl -d` without a content type) is therefore a 415, never parsed as a form.
 */
export function registerBodyParsers(instance: FastifyInstance, bodyLimit: number): void {
  const secureParse = instance.getDefaultJsonParser('error', 'error');
  instance.removeAllContentTypeParsers();
  const parseJson = (
    request: FastifyRequest,
    body: Buffer,
    done: (error: Error | null, value?: unknown) => void,
  ): void => {
    if (KEEPS_RAW_BODY.test(request.url)) request.rawBody = body;
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(invalidBody('body is not valid UTF-8 (JSON must be UTF-8).'));
    }
    if (text.trim() === '') return done(null, undefined);
    if (exceedsDepth(text, MAX_JSON_DEPTH)) {
      return done(invalidBody(`body: JSON nested deeper than ${MAX_JSON_DEPTH} levels.`));
    }
    secureParse(request, text, (error, value) => {
      if (error) return done(invalidBody(jsonProblem(error)));
      done(null, wellFormed(value));
    });
  };
  instance.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, parseJson);
  instance.addContentTypeParser(STRUCTURED_JSON, { parseAs: 'buffer', bodyLimit }, parseJson);
  instance.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit },
    (
      request: FastifyRequest,
      body: Buffer,
      done: (error: Error | null, value?: unknown) => void,
    ) => {
      if (body.length === 0) return done(null, undefined);
      const type = String(request.headers['content-type'] ?? '')
        .split(';')[0]
        .trim();
      done(
        new RaglineError(
          ErrorCode.UnsupportedMediaType,
          `Unsupported content type ${type === '' ? '(none)' : `"${type.slice(0, 100)}"`}: send the body as application/json.`,
          { field: 'content-type' },
        ),
      );
    },
  );
}

function invalidBody(message: string): RaglineError {
  return new RaglineError(ErrorCode.ValidationFailed, message, { field: 'body' });
}

/** Where the JSON broke, without echoing the body (V8's newer messages quote it). */
function jsonProblem(error: Error): string {
  if (/prototype/i.test(error.message)) {
    return 'body: keys "__proto__" and "constructor.prototype" are not allowed.';
  }
  const position = /position (\d+)/.exec(error.message)?.[1];
  return position === undefined
    ? 'body is not valid JSON.'
    : `body is not valid JSON (at character ${position}).`;
}

/**
 * JSON may carry a lone UTF-16 surrogate (`"\\ud800"`), which is no character at all: like an
 * invalid UTF-8 byte sequence decoded leniently, it becomes U+FFFD, so text stays text everywhere
 * it goes (Redis scripts, the store, the model).
 */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed();
  if (Array.isArray(value)) return value.map(wellFormed);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key.toWellFormed()] = wellFormed(inner);
  return out;
}

/** Bracket depth outside strings, in one pass: refuses pathological nesting before JSON.parse. */
export function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
