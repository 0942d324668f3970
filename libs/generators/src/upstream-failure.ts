/**
 * How one call to a model server failed, in the terms a caller maps to its own errors:
 * `rate-limited` (429), `unavailable` (5xx, 408, timeout, connection), `rejected` (other 4xx, or
 * a body we cannot read).
 */
export interface UpstreamFailure {
  kind: 'rate-limited' | 'unavailable' | 'rejected';
  status?: number;
  /** Whole seconds, from Retry-After, when the server sent one. */
  retryAfterSeconds?: number;
  message: string;
}

/** Classifies an HTTP status (>= 400) from any model server. */
export function classifyStatus(
  server: string,
  status: number,
  retryAfter: string | null | undefined,
  detail = '',
): UpstreamFailure {
  const retryAfterSeconds = parseRetryAfterSeconds(retryAfter);
  const suffix = detail ? `: ${detail.slice(0, 300)}` : '';
  if (status === 429) {
    return {
      kind: 'rate-limited',
      status,
      retryAfterSeconds,
      message: `${server} rate limit (429)`,
    };
  }
  if (status >= 500 || status === 408) {
    return { kind: 'unavailable', status, retryAfterSeconds, message: `${server} error ${status}` };
  }
  return {
    kind: 'rejected',
    status,
    message: `${server} rejected the request (${status})${suffix}`,
  };
}

/** Retry-After as whole seconds (at least 1): delta-seconds or an HTTP date. */
export function parseRetryAfterSeconds(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  return Number.isNaN(ms) ? undefined : Math.max(1, Math.ceil(ms / 1000));
}
