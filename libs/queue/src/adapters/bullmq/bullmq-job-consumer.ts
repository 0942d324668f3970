import { Logger } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { ErrorCode, describeError, isRaglineError, isRetryable } from '@ragline/errors';
import {
  JobName,
  QueueName,
  libraryKey,
  libraryNameSchema,
  syncDocumentJobSchema,
  tenantNameSchema,
  type LibraryRef,
} from '@ragline/events';
import { z } from 'zod';
import type {
  ConsumerHandle,
  LibraryDeletionHandler,
  ReindexJobHandler,
  SourceJobHandler,
  SyncJobConsumer,
  SyncJobHandler,
} from '../../job-consumer.port';
import type { SyncQueue } from '../../sync-queue.port';
import { bullConnectionOptions, type BullQueueSettings } from './bullmq-options';
import { ProcessSlots } from './process-slots';
import { libraryQueuePrefix, maintenanceQueuePrefix } from './queue-naming';

export interface BullConsumerSettings extends BullQueueSettings {
  /** Jobs this process runs at once, across every library. */
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Reindex jobs (batches) one process runs at once per library. */
  reindexConcurrency: number;
}

const libraryJobSchema = z.object({ tenant: tenantNameSchema, library: libraryNameSchema });
const sourceJobSchema = z.object({ sourceId: z.string().min(1).max(64) });
const reindexJobSchema = z.object({
  reindexId: z.string().min(1).max(64),
  documentIds: z.array(z.string()).optional(),
});

/**
 * BullMQ Workers, one per library, sharing the process's job slots. What a handler throws decides
 * what BullMQ does: not retryable → UnrecoverableError (fails at once); EMBEDDER_RATE_LIMITED →
 * the library's queue pauses for the provider's Retry-After (across all workers); anything else →
 * retried with exponential backoff. A job BullMQ fails for stalling too often is queued again:
 * its change is still pending in the registry.
 */
export class BullMqJobConsumer implements SyncJobConsumer {
  private readonly logger = new Logger('worker');
  private readonly slots: ProcessSlots;

  constructor(
    private readonly settings: BullConsumerSettings,
    private readonly queue: SyncQueue,
  ) {
    this.slots = new ProcessSlots(settings.concurrency);
  }

  consume(library: LibraryRef, handler: SyncJobHandler): ConsumerHandle {
    const key = libraryKey(library);
    const worker: Worker = this.newWorker(
      QueueName.Documents,
      libraryQueuePrefix(this.settings.prefix, library),
      (job) => this.slots.run(() => this.process(library, job, handler, worker)),
    );
    worker.on('failed', (job, error) => {
      if (!job || !/stalled/i.test(error.message)) return;
      const parsed = syncDocumentJobSchema.safeParse(job.data);
      if (!parsed.success) return;
      const { documentId } = parsed.data;
      this.logger.warn(
        { library: key, jobId: job.id, documentId, stage: 'recovery' },
        'stalled job failed; re-enqueueing',
      );
      this.queue
        .enqueue(library, [documentId])
        .catch((cause: unknown) =>
          this.logger.error(
            { library: key, documentId, stage: 'recovery', error: describeError(cause) },
            're-enqueue failed',
          ),
        );
    });
    return { close: () => worker.close() };
  }

  consumeSources(library: LibraryRef, handler: SourceJobHandler): ConsumerHandle {
    const worker: Worker = this.newWorker(
      QueueName.Sources,
      libraryQueuePrefix(this.settings.prefix, library),
      async (job) => {
        const parsed = sourceJobSchema.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError('malformed source job data');
        const kind =
          job.name === JobName.RemoveSource
            ? 'remove'
            : job.name === JobName.ReconcileSource
              ? 'reconcile'
              : 'sync';
        const attempt = job.attemptsMade + 1;
        try {
          return await handler({
            library,
            sourceId: parsed.data.sourceId,
            kind,
            attempt,
            finalAttempt: attempt >= (job.opts.attempts ?? 1),
          });
        } catch (error) {
          if (!isRetryable(error)) throw new UnrecoverableError(describeError(error));
          throw error;
        }
      },
      // Git fetches are I/O bound but heavy; a few sources of one library at a time is plenty.
      Math.min(4, this.settings.concurrency),
    );
    return { close: () => worker.close() };
  }

  consumeLibraryDeletions(handler: LibraryDeletionHandler): ConsumerHandle {
    const worker = this.newWorker(
      QueueName.Maintenance,
      maintenanceQueuePrefix(this.settings.prefix),
      async (job) => {
        const parsed = libraryJobSchema.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError('malformed library deletion job');
        await handler(parsed.data);
        return {};
      },
      1,
    );
    return { close: () => worker.close() };
  }

  consumeReindex(library: LibraryRef, handler: ReindexJobHandler): ConsumerHandle {
    const worker: Worker = this.newWorker(
      QueueName.Reindex,
      libraryQueuePrefix(this.settings.prefix, library),
      async (job) => {
        const parsed = reindexJobSchema.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError('malformed reindex job data');
        const attempt = job.attemptsMade + 1;
        const base = {
          library,
          reindexId: parsed.data.reindexId,
          attempt,
          finalAttempt: attempt >= (job.opts.attempts ?? 1),
        };
        try {
          if (job.name === JobName.RebuildBatch) {
            return await handler({
              ...base,
              kind: 'batch',
              documentIds: parsed.data.documentIds ?? [],
            });
          }
          return await handler({
            ...base,
            kind: job.name === JobName.PlanReindex ? 'plan' : 'finish',
          });
        } catch (error) {
          if (!isRetryable(error)) throw new UnrecoverableError(describeError(error));
          throw error;
        }
      },
      this.settings.reindexConcurrency,
    );
    return { close: () => worker.close() };
  }

  private async process(
    library: LibraryRef,
    job: Job,
    handler: SyncJobHandler,
    worker: Worker,
  ): Promise<Record<string, unknown>> {
    const parsed = syncDocumentJobSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(`malformed job data: ${parsed.error.message}`);
    }
    const attempt = job.attemptsMade + 1;
    const finalAttempt = attempt >= (job.opts.attempts ?? 1);
    try {
      return await handler({
        library,
        documentId: parsed.data.documentId,
        jobId: job.id ?? '',
        attempt,
        finalAttempt,
      });
    } catch (error) {
      if (isRaglineError(error) && error.code === ErrorCode.EmbedderRateLimited && !finalAttempt) {
        await worker.rateLimit(Math.max(1, error.retryAfterSeconds ?? 1) * 1000);
        throw Worker.RateLimitError();
      }
      if (!isRetryable(error)) throw new UnrecoverableError(describeError(error));
      throw error;
    }
  }

  private newWorker(
    name: string,
    prefix: string,
    processor: (job: Job) => Promise<Record<string, unknown>>,
    concurrency = this.settings.concurrency,
  ): Worker {
    const worker = new Worker(name, processor, {
      connection: bullConnectionOptions(this.settings.redisUrl, 'consumer'),
      prefix,
      concurrency,
      lockDuration: this.settings.lockDurationMs,
      stalledInterval: this.settings.stalledIntervalMs,
      // A job whose worker died is retried this many times before BullMQ gives up on it.
      maxStalledCount: 3,
    });
    let lastReport = 0;
    worker.on('error', (error) => {
      // During an outage every reconnect fails: one line per 10 s is enough.
      if (Date.now() - lastReport < 10_000) return;
      lastReport = Date.now();
      this.logger.error(
        { stage: 'worker', queue: prefix, error: describeError(error) },
        'worker error',
      );
    });
    return worker;
  }
}
