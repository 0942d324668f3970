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

/** The library (alias or collection) does not exist yet: nothing has been indexed. */
export class LibraryNotFoundError extends RaglineError {
  constructor(library: string) {
    super(
      ErrorCode.LibraryNotFound,
      `Library "${library}" does not exist yet: index a document first.`,
      {
        retryable: false,
      },
    );
  }
}
