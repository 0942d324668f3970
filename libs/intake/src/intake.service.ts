import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { METRICS, type Metrics } from '@ragline/metrics';
import type { Library } from '@ragline/catalog';
import { LibraryDeletingError } from '@ragline/catalog';
import { CONFIG, type Config } from '@ragline/config';
import { ErrorCode, RaglineError } from '@ragline/errors';
import { SYNC_QUEUE, type SyncQueue } from '@ragline/queue';
import { RedisUnavailableError } from '@ragline/redis';
import { DOCUMENT_REGISTRY, type DocumentRegistry } from '@ragline/registry';
import type { AcceptedChange, DocumentChange } from './intake.types';

/**
 * Accepts document changes for a library, for every entry point: records each atomically in the
 * registry (version check, pending change, event state, Idempotency-Key, back-pressure), then
 * makes sure a sync job for the document is on the library's queue. Answers only after both.
 */
@Injectable()
export class IntakeService {
  constructor(
    @Inject(DOCUMENT_REGISTRY) private readonly registry: DocumentRegistry,
    @Inject(SYNC_QUEUE) private readonly queue: SyncQueue,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  /**
   * @param idempotencyKey scoped to the change's kind (route) and document: the same key for
   *   another document is another key; the same key with a different change is a 422.
   */
  async accept(
    library: Library,
    change: DocumentChange,
    idempotencyKey?: string,
  ): Promise<AcceptedChange> {
    if (library.status !== 'active') throw new LibraryDeletingError(library);
    const accepted = await this.registry
      .acceptEvent(
        library,
        {
          ...change,
          eventId: randomUUID(),
          receivedAt: Date.now(),
          idempotency:
            idempotencyKey === undefined
              ? undefined
              : {
                  key: idempotencyKey,
                  scope: `${change.kind} ${change.documentId}`,
                  fingerprint: fingerprintOf(change),
                },
        },
        this.config.INTAKE_MAX_PENDING,
      )
      .catch((error: unknown) => {
        if (!(error instanceof RedisUnavailableError)) throw error;
        // The script is atomic: the change was recorded whole or not at all (a timed-out call may
        // still land), so a retry with the same Idempotency-Key is always safe.
        throw new RaglineError(
          ErrorCode.QueueUnavailable,
          'Redis is unavailable: the change may not have been recorded; retry with the same Idempotency-Key.',
          { retryable: true, retryAfterSeconds: 2, cause: error },
        );
      });
    // A duplicate request still enqueues: if the first one stopped between registry and queue,
    // the retry is what puts the job on the queue. Deduplication makes the extra add free.
    if (accepted.status === 'queued' || accepted.duplicate) {
      await this.queue.enqueue(library, [change.documentId]);
    }
    this.metrics.eventAccepted(
      library,
      change.kind,
      accepted.duplicate ? 'duplicate' : accepted.status,
    );
    return {
      eventId: accepted.eventId,
      documentId: change.documentId,
      status: accepted.status,
      version: accepted.version,
    };
  }
}

/** What a change asks for: a retry with the same key must ask for exactly the same. */
function fingerprintOf(change: DocumentChange): string {
  const { kind, documentId, version, text, title, metadata, acl, format } = change;
  return createHash('sha256')
    .update(
      JSON.stringify([
        kind,
        documentId,
        version ?? null,
        text ?? null,
        title ?? null,
        metadata ?? null,
        acl ?? null,
        format ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
}
