import { createHash, randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { CONFIG, type Config } from '@ragline/config';
import { ErrorCode, RaglineError, describeError } from '@ragline/errors';
import { JobName, QueueName, type Metadata } from '@ragline/events';
import { syncJobOptions } from '@ragline/queue';
import { DocumentRegistry, IdempotencyKeyReusedError } from '@ragline/registry';
import type { AcceptedResponse } from './documents.dto';

export interface IntakeRequest {
  documentId: string;
  kind: 'upsert' | 'delete';
  version?: number;
  text?: string;
  title?: string;
  metadata?: Metadata;
  source: string;
  idempotencyKey?: string;
}

/**
 * Accepts a document change: records it atomically in the registry (version check, pending change,
 * event state), then makes sure a sync job for the document is on the queue. Answers only after both.
 */
@Injectable()
export class DocumentIntakeService {
  private readonly logger = new Logger(DocumentIntakeService.name);

  constructor(
    private readonly registry: DocumentRegistry,
    @InjectQueue(QueueName.Documents) private readonly queue: Queue,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async accept(request: IntakeRequest): Promise<AcceptedResponse> {
    const { idempotencyKey, ...change } = request;
    const accepted = await this.registry
      .acceptEvent({
        ...change,
        eventId: randomUUID(),
        receivedAt: Date.now(),
        idempotency:
          idempotencyKey === undefined
            ? undefined
            : {
                key: idempotencyKey,
                scope: `${request.kind} ${request.documentId}`,
                fingerprint: fingerprintOf(request),
              },
      })
      .catch((error: unknown) => {
        if (error instanceof IdempotencyKeyReusedError) throw error;
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
    if (accepted.status === 'queued' || accepted.duplicate) await this.enqueue(request.documentId);
    return {
      eventId: accepted.eventId,
      documentId: request.documentId,
      status: accepted.status,
      version: accepted.version,
    };
  }

  async enqueue(documentId: string): Promise<void> {
    try {
      await this.queue.add(
        JobName.SyncDocument,
        { documentId },
        syncJobOptions(this.config, documentId),
      );
    } catch (error) {
      this.logger.error({ documentId, error: describeError(error) }, 'enqueue failed');
      throw new RaglineError(
        ErrorCode.QueueUnavailable,
        'The change was recorded but could not be queued; retry with the same Idempotency-Key.',
        { retryable: true, retryAfterSeconds: 2, cause: error },
      );
    }
  }
}

/** What a request asks for: a retry with the same key must ask for exactly the same. */
function fingerprintOf(request: IntakeRequest): string {
  const { kind, documentId, version, text, title, metadata } = request;
  return createHash('sha256')
    .update(
      JSON.stringify([
        kind,
        documentId,
        version ?? null,
        text ?? null,
        title ?? null,
        metadata ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
}
