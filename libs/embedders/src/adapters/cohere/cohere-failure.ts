import { CohereError, CohereTimeoutError } from 'cohere-ai';
import { describeError } from '@ragline/errors';

/**
 * What went wrong with one Cohere call, in the terms our retry policy needs:
 * - `auth`: 401/403/498, permanent;
 * - `rate-limited`: 429, retry after `retryAfterMs` (from `Retry-After`) or our backoff;
 * - `unavailable`: 408, 5xx, timeout, connection error, garbled body, retry;
 * - `rejected`: every other 4xx, the request itself is wrong, do not retry.
 */
export interface CohereFailure {
  kind: 'auth' | 'rate-limited' | 'unavailable' | 'rejected';
  status?: number;
  retryAfterMs?: number;
  message: string;
}

const AUTH_STATUSES = new Set([401, 403, 498]);
const RETRY_STATUSES = new Set([408, 425, 499]);

/** Classifies anything the SDK threw. The SDK puts the HTTP status on `CohereError.statusCode`. */
export function classifyCohereFailure(error: unknown): CohereFailure {
  if (error instanceof CohereTimeoutError) {
    return { kind: 'unavailable', message: 'Cohere did not answer in time' };
  }
  if (!(error instanceof CohereError)) {
    return { kind: 'unavailable', message: `Cohere call failed: ${describeError(error)}` };
  }
  const status = error.statusCode;
  const detail = errorMessage(error.body) ?? error.message;
  if (status === undefined || (status >= 200 && status < 300)) {
    // No status: connection refused/reset. 2xx here: a body that was not JSON (a broken proxy).
    return { kind: 'unavailable', status, message: `Cohere call failed: ${detail}` };
  }
  const retryAfterMs = parseRetryAfter(error.rawResponse?.headers?.get('retry-after'));
  if (AUTH_STATUSES.has(status)) {
    return { kind: 'auth', status, message: `Cohere refused the API key (${status}): ${detail}` };
  }
  if (status === 429) {
    return { kind: 'rate-limited', status, retryAfterMs, message: `Cohere rate limit (429)` };
  }
  if (status >= 500 || RETRY_STATUSES.has(status)) {
    return { kind: 'unavailable', status, retryAfterMs, message: `Cohere error ${status}` };
  }
  return {
    kind: 'rejected',
    status,
    message: `Cohere rejected the request (${status}): ${detail}`,
  };
}

/**
 * `Retry-After` in milliseconds: delta-seconds (fractions accepted, as some proxies send them) or
 * an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorMessage(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const { message } = body;
    if (typeof message === 'string') return message.slice(0, 300);
  }
  return undefined;
}
