import { ErrorCode, RaglineError } from '@ragline/errors';

export class SourceNotFoundError extends RaglineError {
  constructor(id: string) {
    super(ErrorCode.SourceNotFound, `Source "${id}" does not exist.`, { field: 'sourceId' });
  }
}

export class SyncRunNotFoundError extends RaglineError {
  constructor(id: string) {
    super(ErrorCode.SyncNotFound, `Sync "${id}" does not exist (or has expired).`, {
      field: 'syncId',
    });
  }
}

/** A webhook whose signature or token does not match the source's secret. */
export class WebhookUnauthorizedError extends RaglineError {
  constructor(header: string) {
    super(ErrorCode.Unauthorized, `The webhook's ${header} does not match this source's secret.`, {
      field: header,
    });
  }
}
