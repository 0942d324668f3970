import { ReplyError } from 'ioredis';
import { ErrorReply } from 'redis';
import { RaglineError } from '@ragline/errors';
import { RedisUnavailableError } from '../redis.errors';

/**
 * Runs one Redis operation; a failure to reach Redis becomes RedisUnavailableError. Errors Redis
 * itself replied with (a script error, a wrong type) are bugs and pass through unchanged, and so
 * do domain errors thrown inside `run`.
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
  return error instanceof ErrorReply || error instanceof ReplyError;
}
