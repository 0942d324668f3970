import { z } from 'zod';
import type { ZodOpenApiResponseObject } from 'zod-openapi';
import { ErrorCode } from '@ragline/errors';
import { ERROR_STATUS } from '../http/error-status';

/**
 * Errors any route can answer before its handler runs: Fastify's and Node's own refusals (bad
 * framing or percent-encoding, a body over MAX_BODY_BYTES or not JSON, slow or oversized headers),
 * and the bare 500.
 */
export const FRAMEWORK_ERRORS: readonly ErrorCode[] = [
  ErrorCode.BadRequest,
  ErrorCode.ValidationFailed,
  ErrorCode.PayloadTooLarge,
  ErrorCode.UnsupportedMediaType,
  ErrorCode.RequestTimeout,
  ErrorCode.HeadersTooLarge,
  ErrorCode.Internal,
];

/** A path parameter over 2048 characters (routerOptions.maxParamLength). */
export const PATH_PARAM_ERRORS: readonly ErrorCode[] = [ErrorCode.UriTooLong];

/** Routes behind a key: no or a bad key, a key without the scope, Redis down while looking it up. */
export const KEYED_ERRORS: readonly ErrorCode[] = [
  ErrorCode.Unauthorized,
  ErrorCode.Forbidden,
  ErrorCode.RedisUnavailable,
];

/** Routes naming a library (or the `default` one): a bad name, none of the caller's, or not the key's. */
export const LIBRARY_ERRORS: readonly ErrorCode[] = [
  ErrorCode.ValidationFailed,
  ErrorCode.LibraryNotFound,
  ErrorCode.Forbidden,
];

/** Statuses whose answers carry Retry-After (see toErrorResponse). */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

/** Every code answered with `status`, in ERROR_STATUS order. */
export function codesWithStatus(status: number): ErrorCode[] {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((code) => ERROR_STATUS[code] === status);
}

/** The error shape of one status, as a named component (`Error404`): its `code` is one of that status's codes. */
function errorBodySchema(status: number) {
  const codes = codesWithStatus(status);
  return z
    .object({
      error: z.object({
        code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
        message: z
          .string()
          .meta({ description: 'For people; never parse it (the code is stable).' }),
        field: z.string().optional().meta({
          description: 'The request field at fault: `text`, `metadata.lang`, `id`, `body`.',
        }),
        details: z.record(z.string(), z.unknown()).optional().meta({
          description: 'Structured facts, e.g. `pending` events (504) or readiness `checks` (503).',
        }),
      }),
    })
    .meta({ id: `Error${status}`, description: `Answered with ${status}: ${codes.join(', ')}.` });
}

const STATUSES = [...new Set(Object.values(ERROR_STATUS))].sort((a, b) => a - b);
const ERROR_BODIES = new Map(STATUSES.map((status) => [status, errorBodySchema(status)]));

const retryAfterHeader = z.object({
  'retry-after': z
    .string()
    .regex(/^\d+$/)
    .meta({ description: 'Seconds to wait before retrying.' }),
});

/**
 * The documented error responses for a route's error codes, one per status: the description names
 * the codes this route answers, the schema is the status's shared error component.
 */
export function errorResponses(
  codes: readonly ErrorCode[],
): Record<string, ZodOpenApiResponseObject> {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    const schema = ERROR_BODIES.get(status);
    if (!schema) throw new Error(`No error component for status ${status}`);
    responses[String(status)] = {
      description: [...(byStatus.get(status) ?? [])].map((code) => `\`${code}\``).join(', '),
      content: { 'application/json': { schema } },
      ...(RETRY_AFTER_STATUSES.has(status) && { headers: retryAfterHeader }),
    };
  }
  return responses;
}

/** Any error body, whatever its status (the `error` event of the augment stream). */
export const anyErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      field: z.string().optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'ErrorBody' });
