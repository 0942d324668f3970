import { ErrorCode, RaglineError } from '@ragline/errors';

/** An Idempotency-Key came back with a different request than the one it was first used for. */
export class IdempotencyKeyReusedError extends RaglineError {
  constructor(
    readonly firstEventId: string,
    readonly firstDocumentId: string,
    kind: 'upsert' | 'delete',
  ) {
    super(
      ErrorCode.IdempotencyKeyReused,
      `This Idempotency-Key was first used for a different ${kind} of document "${firstDocumentId}" (event ${firstEventId}); send a new key with a new request.`,
      {
        field: 'Idempotency-Key',
        details: { eventId: firstEventId, documentId: firstDocumentId },
      },
    );
  }
}

/** Redis did not answer (down, unreachable, timed out): states cannot be read or written now. */
export class RedisUnavailableError extends RaglineError {
  constructor(operation: string, cause: unknown) {
    super(ErrorCode.RedisUnavailable, `Redis is unavailable (${operation}); retry shortly.`, {
      retryable: true,
      retryAfterSeconds: 2,
      cause,
    });
  }
}

/**
 * Runs one registry operation; a failure to reach Redis becomes RedisUnavailableError. Errors
 * Redis itself replied with (a script error, a wrong type) are bugs and pass through unchanged.
 */
export async function redisOperation<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RaglineError || isServerReply(error)) throw error;
    throw new RedisUnavailableError(operation, error);
  }
}

function isServerReply(error: unknown): boolean {
  return (
    error instanceof Error && /^(ErrorReply|SimpleError|BlobError|ReplyError)$/.test(error.name)
  );
}
