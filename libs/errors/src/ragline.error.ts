import { ErrorCode } from './error-code';

export interface RaglineErrorOptions {
  /** The request field or config variable at fault, when there is one. */
  field?: string;
  /** Whether doing the same thing again may succeed (a worker retries only these). */
  retryable?: boolean;
  /** Seconds the caller should wait before retrying (rate limits, outages). */
  retryAfterSeconds?: number;
  /** Extra structured facts for the client, e.g. the events still pending. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** Base of every domain error: a stable `code`, a human message, and whether a retry may help. */
export class RaglineError extends Error {
  readonly field?: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  readonly details?: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: RaglineErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.field = options.field;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }
}

export function isRaglineError(error: unknown): error is RaglineError {
  return error instanceof RaglineError;
}

/** Whether doing the same again may succeed: domain errors say so; unknown errors (I/O, bugs) may. */
export function isRetryable(error: unknown): boolean {
  return isRaglineError(error) ? error.retryable : true;
}

/**
 * A short, log-safe, one-line description of anything thrown. Errors with an empty message (Node's
 * AggregateError for a refused connection to every address of a host, say) are described by their
 * code or their first inner error, so a log never reads "Error: ".
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const message = error.message || innerDescription(error);
  return `${error.name}: ${message}`.split('\n')[0];
}

function innerDescription(error: Error): string {
  const code = (error as { code?: unknown }).code;
  if (error instanceof AggregateError && error.errors.length > 0) {
    const first: unknown = error.errors[0];
    const inner = first instanceof Error ? first.message : String(first);
    return typeof code === 'string' ? `${code} (${inner})` : inner;
  }
  if (typeof code === 'string') return code;
  return error.cause instanceof Error ? describeError(error.cause) : '(no message)';
}
