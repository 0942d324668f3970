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

/** The library has more unapplied documents than intake allows: the client should slow down. */
export class IntakeBackpressureError extends RaglineError {
  constructor(pending: number) {
    super(
      ErrorCode.Backpressure,
      `The library has ${pending} documents waiting to be indexed (the most INTAKE_MAX_PENDING allows); retry shortly.`,
      { retryable: true, retryAfterSeconds: 5, details: { pending } },
    );
  }
}
