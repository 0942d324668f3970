import { ErrorCode, RaglineError } from '@ragline/errors';

/** Redis did not answer (down, unreachable, timed out): state cannot be read or written now. */
export class RedisUnavailableError extends RaglineError {
  constructor(operation: string, cause: unknown) {
    super(ErrorCode.RedisUnavailable, `Redis is unavailable (${operation}); retry shortly.`, {
      retryable: true,
      retryAfterSeconds: 2,
      cause,
    });
  }
}
