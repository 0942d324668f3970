import { performance } from 'node:perf_hooks';

/** What one HTTP exchange gave: a status, or `timeout`/`network-error` when none came. */
export interface Reply {
  method: string;
  path: string;
  status: number | 'timeout' | 'network-error';
  /** Wall time from sending to the whole body, as the client saw it. */
  ms: number;
  retryAfter: string | null;
  /** The body parsed as JSON, or its raw text when it is not JSON. */
  body: unknown;
  /** Why no status came (network errors only). */
  error?: string;
}

export interface SendOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** The client gives up (AbortSignal.timeout) after this long and records a `timeout`. */
  timeoutMs: number;
}

/** Sends one request and never throws: a fault test records every outcome, hung ones included. */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  options: SendOptions,
): Promise<Reply> {
  const started = performance.now();
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await response.text();
    return {
      method,
      path,
      status: response.status,
      ms: performance.now() - started,
      retryAfter: response.headers.get('retry-after'),
      body: parseJson(text),
    };
  } catch (error) {
    // AbortSignal.timeout rejects with a DOMException, which is not an Error on Node 20.
    const timedOut = isRecord(error) && error.name === 'TimeoutError';
    return {
      method,
      path,
      status: timedOut ? 'timeout' : 'network-error',
      ms: performance.now() - started,
      retryAfter: null,
      body: undefined,
      error: isRecord(error) ? String(error.message) : String(error),
    };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The documented error shape: `{"error": {"code", "message", "field"?}}` with string code and message. */
export function hasErrorShape(body: unknown): boolean {
  if (!isRecord(body) || !isRecord(body.error)) return false;
  const { code, message } = body.error;
  return typeof code === 'string' && code !== '' && typeof message === 'string';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A one-line description of a reply for failure lists: never the request body (document text). */
export function describeReply(reply: Reply): string {
  const code =
    isRecord(reply.body) && isRecord(reply.body.error) ? ` ${String(reply.body.error.code)}` : '';
  const retry = reply.retryAfter === null ? '' : ` retry-after=${reply.retryAfter}`;
  return `${reply.method} ${reply.path} -> ${reply.status}${code}${retry} after ${(reply.ms / 1000).toFixed(2)} s`;
}

/**
 * What a client may get from a route while a dependency is down: an answer within `boundMs`, either
 * the success `okStatus` (when one is possible) or `503` with `Retry-After` in the documented error
 * shape. Returns the problem, or undefined when the reply is acceptable.
 */
export function unavailableReplyProblem(
  reply: Reply,
  boundMs: number,
  okStatus?: number,
): string | undefined {
  if (typeof reply.status !== 'number') return `no answer: ${describeReply(reply)}`;
  if (reply.ms > boundMs) return `slower than ${boundMs} ms: ${describeReply(reply)}`;
  if (reply.status === okStatus) return undefined;
  if (reply.status !== 503) return `not 503: ${describeReply(reply)}`;
  if (reply.retryAfter === null) return `503 without Retry-After: ${describeReply(reply)}`;
  if (!hasErrorShape(reply.body)) return `503 not in the error shape: ${describeReply(reply)}`;
  return undefined;
}
