import { isRaglineError, RaglineError } from '@ragline/errors';
import { StoreRequestRejectedError, StoreUnavailableError } from '../../vector-store.errors';

/** LanceDB reports a concurrent (or earlier) creation of the same table this way. */
export function isAlreadyExists(error: unknown): boolean {
  return /already exists/i.test(errorMessage(error));
}

/** A concurrent commit won (including a racing table creation, which lands as an Overwrite). */
export function isCommitConflict(error: unknown): boolean {
  return /commit conflict|preempted|incompatible transaction/i.test(errorMessage(error));
}

export function isTableNotFound(error: unknown): boolean {
  return /not found/i.test(errorMessage(error));
}

/**
 * The message of anything thrown. Duck-typed: native errors may come from another realm (a jest
 * sandbox, a worker), where `instanceof Error` is false.
 */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message } = error;
    if (typeof message === 'string') return message;
  }
  return String(error);
}

/**
 * Maps anything LanceDB throws to a RaglineError. Native messages carry Rust source paths and
 * nested causes; only their first sentence is kept in the message, the original stays as `cause`.
 * Planning and schema errors are the request's fault (no retry); the rest is I/O (retry).
 */
export function toStoreError(operation: string, error: unknown): RaglineError {
  if (isRaglineError(error)) return error;
  const summary = summarise(error);
  if (/invalid input|schema error|error during planning|dimension|cannot cast/i.test(summary)) {
    return new StoreRequestRejectedError(`LanceDB rejected ${operation}: ${summary}`, {
      cause: error,
    });
  }
  return new StoreUnavailableError(`LanceDB ${operation} failed: ${summary}`, { cause: error });
}

/** Runs a store call, translating its failures. */
export async function guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toStoreError(operation, error);
  }
}

/** First sentence of a native error message, without Rust source paths, at most 240 chars. */
export function summarise(error: unknown): string {
  const raw = errorMessage(error);
  const first = raw.split(/\s+Caused by:|, \/|\n/)[0] ?? raw;
  return first.length > 240 ? `${first.slice(0, 240)}…` : first;
}
