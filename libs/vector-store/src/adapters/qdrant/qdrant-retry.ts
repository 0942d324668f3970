import {
  QdrantClientResourceExhaustedError,
  QdrantClientTimeoutError,
  QdrantClientUnexpectedResponseError,
} from '@qdrant/js-client-rest';
import { describeError } from '@ragline/errors';
import { z } from 'zod';
import {
  CollectionNotFoundError,
  StoreRequestRejectedError,
  StoreUnavailableError,
} from '../../vector-store.errors';

/** How a failed Qdrant call should be treated. */
export type QdrantFailure =
  | { kind: 'transient'; message: string; retryAfterMs?: number }
  | { kind: 'not-found'; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'rejected'; message: string }
  | { kind: 'unknown'; message: string };

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

// The client throws the fetcher's ApiError (not exported) for non-2xx: read it by shape.
const apiErrorSchema = z.object({ status: z.number().int(), data: z.unknown() });
const qdrantBodySchema = z.object({ status: z.object({ error: z.string() }) });
const causeSchema = z.object({ cause: z.object({ code: z.string() }) });
const NETWORK_CODES =
  /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EHOSTUNREACH|UND_ERR_)/;

/** Sorts a thrown value into transient (retry), not found, conflict, rejected or unknown. */
export function classifyQdrantError(error: unknown): QdrantFailure {
  if (error instanceof QdrantClientResourceExhaustedError) {
    return { kind: 'transient', message: error.message, retryAfterMs: error.retry_after * 1000 };
  }
  if (error instanceof QdrantClientTimeoutError) {
    return { kind: 'transient', message: `timed out: ${error.message}` };
  }
  if (error instanceof QdrantClientUnexpectedResponseError) {
    return { kind: 'rejected', message: error.message };
  }
  const api = apiErrorSchema.safeParse(error);
  if (api.success) {
    const body = qdrantBodySchema.safeParse(api.data.data);
    const message = body.success ? body.data.status.error : `HTTP ${api.data.status}`;
    const status = api.data.status;
    if (status === 429 || status >= 500) return { kind: 'transient', message };
    if (status === 404) return { kind: 'not-found', message };
    if (status === 409 || /already exists/i.test(message)) return { kind: 'conflict', message };
    return { kind: 'rejected', message };
  }
  const cause = causeSchema.safeParse(error);
  if (cause.success && NETWORK_CODES.test(cause.data.cause.code)) {
    return { kind: 'transient', message: `${describeError(error)} (${cause.data.cause.code})` };
  }
  // Name, not instanceof: undici's TypeError may come from another realm (vm, test runners).
  if (error instanceof Error && error.name === 'TypeError' && error.message === 'fetch failed') {
    return { kind: 'transient', message: describeError(error) };
  }
  return { kind: 'unknown', message: describeError(error) };
}

/**
 * Runs `op`, retrying transient failures with exponential backoff and full jitter; gives up with
 * StoreUnavailableError. Other failures are rethrown untouched for the caller to map.
 */
export async function withRetry<T>(
  what: string,
  policy: RetryPolicy,
  op: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      const failure = classifyQdrantError(error);
      if (failure.kind !== 'transient') throw error;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.max(failure.retryAfterMs ?? 0, Math.random() * backoff);
      if (attempt >= policy.maxAttempts || delay > policy.maxDelayMs) {
        throw new StoreUnavailableError(
          `Qdrant ${what} failed after ${attempt} attempt(s): ${failure.message}`,
          {
            cause: error,
            retryAfterSeconds:
              failure.retryAfterMs === undefined
                ? undefined
                : Math.ceil(failure.retryAfterMs / 1000),
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Maps a non-transient failure to the store's domain errors. */
export function toStoreError(error: unknown, what: string, library?: string): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const failure = classifyQdrantError(error);
  switch (failure.kind) {
    case 'not-found':
      return library === undefined
        ? new StoreRequestRejectedError(`Qdrant ${what}: ${failure.message}`, { cause: error })
        : new CollectionNotFoundError(library);
    case 'conflict':
    case 'rejected':
      return new StoreRequestRejectedError(`Qdrant rejected ${what}: ${failure.message}`, {
        cause: error,
      });
    case 'transient':
      return new StoreUnavailableError(`Qdrant ${what}: ${failure.message}`, { cause: error });
    case 'unknown':
      return error;
  }
}
