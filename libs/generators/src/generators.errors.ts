import { ErrorCode, RaglineError, type RaglineErrorOptions } from '@ragline/errors';

/** The generator throttled us (429); `retryAfterSeconds` is its Retry-After, passed on to clients. */
export class GeneratorRateLimitedError extends RaglineError {
  constructor(message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.GeneratorRateLimited, message, { ...options, retryable: true });
  }
}

/** The generator is down, overloaded (5xx), unreachable, or did not answer in time. */
export class GeneratorUnavailableError extends RaglineError {
  constructor(message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.GeneratorUnavailable, message, { ...options, retryable: true });
  }
}

/** The generator refused the request (4xx: key, model name) or answered something unreadable. */
export class GeneratorBadResponseError extends RaglineError {
  constructor(message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.GeneratorBadResponse, message, { ...options, retryable: false });
  }
}
