import { ErrorCode, RaglineError, RaglineErrorOptions } from '@ragline/errors';

/**
 * The provider throttled us and our own retries ran out. Retryable: the worker should put the job
 * back with a delay of at least `retryAfterSeconds`, so every worker backs off, not just this call.
 */
export class EmbedderRateLimitedError extends RaglineError {
  constructor(message: string, retryAfterSeconds: number, options: RaglineErrorOptions = {}) {
    super(ErrorCode.EmbedderRateLimited, message, {
      retryable: true,
      ...options,
      retryAfterSeconds,
    });
  }
}

/** The provider refused the credentials (401/403). Permanent: retrying cannot help until the key is fixed. */
export class EmbedderAuthFailedError extends RaglineError {
  constructor(message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.EmbedderAuthFailed, message, { ...options, retryable: false });
  }
}

/** The model could not be reached: 5xx, timeout, refused connection, model not loaded. Retryable. */
export class EmbedderUnavailableError extends RaglineError {
  constructor(message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.EmbedderUnavailable, message, { retryable: true, ...options });
  }
}

/**
 * The provider answered, but not with what we asked for: wrong number of vectors, wrong dimension,
 * non-numbers, or it rejected the request itself (4xx other than auth and rate limit).
 * Not retryable by default: the same input will get the same answer.
 */
export class EmbedderBadResponseError extends RaglineError {
  constructor(message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.EmbedderBadResponse, message, { retryable: false, ...options });
  }
}
