import { ErrorCode, RaglineError } from '@ragline/errors';
import type { LibraryRef } from '@ragline/events';

/** No such library for this tenant (another tenant's library is reported exactly the same way). */
export class LibraryNotFoundError extends RaglineError {
  constructor(ref: LibraryRef) {
    super(ErrorCode.LibraryNotFound, `Library "${ref.library}" does not exist.`, {
      field: 'library',
    });
  }
}

export class LibraryExistsError extends RaglineError {
  constructor(ref: LibraryRef) {
    super(ErrorCode.LibraryExists, `Library "${ref.library}" already exists.`, { field: 'name' });
  }
}

export class LibraryDeletingError extends RaglineError {
  constructor(ref: LibraryRef) {
    super(
      ErrorCode.LibraryDeleting,
      `Library "${ref.library}" is being deleted; its name is free again once that is done.`,
      { field: 'library', retryable: true, retryAfterSeconds: 5 },
    );
  }
}

export class ApiKeyNotFoundError extends RaglineError {
  constructor(id: string) {
    super(ErrorCode.ApiKeyNotFound, `API key "${id}" does not exist.`, { field: 'id' });
  }
}
