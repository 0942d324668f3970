import { ErrorCode, RaglineError, type RaglineErrorOptions } from '@ragline/errors';

export class RerankerRateLimitedError extends RaglineError {
  constructor(message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.RerankerRateLimited, message, { ...options, retryable: true });
  }
}

/** The reranker failed for any other reason (5xx, timeout, refused key, malformed answer). */
export class RerankerUnavailableError extends RaglineError {
  constructor(message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.RerankerUnavailable, message, { ...options, retryable: true });
  }
}

/** A feature the request asks for is not configured on this deployment (a 400 naming the fix). */
export class FeatureNotConfiguredError extends RaglineError {
  constructor(message: string, field: string) {
    super(ErrorCode.FeatureNotConfigured, message, { field });
  }
}
