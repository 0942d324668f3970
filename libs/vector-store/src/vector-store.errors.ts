import { ErrorCode, RaglineError, RaglineErrorOptions } from '@ragline/errors';

/** The store could not be reached or timed out: retry later. */
export class StoreUnavailableError extends RaglineError {
  constructor(message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.StoreUnavailable, message, { retryable: true, ...options });
  }
}

/** The store refused a request as malformed: retrying the same request will not help. */
export class StoreRequestRejectedError extends RaglineError {
  constructor(message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.StoreRequestRejected, message, { retryable: false, ...options });
  }
}

/**
 * The store holds no collection (alias) for the library: it was never created there, or was
 * dropped behind the catalog's back. A server-side problem (503), not a request for a missing
 * library (the catalog answers those with LIBRARY_NOT_FOUND).
 */
export class CollectionNotFoundError extends RaglineError {
  constructor(library: string) {
    super(
      ErrorCode.StoreCollectionMissing,
      `The store has no collection for library "${library}".`,
      { retryable: false },
    );
  }
}
