import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { CONFIG, type Config } from '@ragline/config';
import { ErrorCode, describeError, isRaglineError } from '@ragline/errors';
import { QueueName, syncDocumentJobSchema } from '@ragline/events';
import { DocumentSyncService, isRetryable, type SyncResult } from '@ragline/ingestion';

/**
 * Consumes document-sync jobs. The error decides what happens next: retryable errors go back
 * with exponential backoff, a rate limit pauses the whole queue (across all workers) for the
 * time the provider asked, anything permanent fails the job at once.
 */
@Processor(QueueName.Documents)
export class DocumentSyncProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('worker');

  constructor(
    private readonly sync: DocumentSyncService,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job): Promise<SyncResult> {
    const parsed = syncDocumentJobSchema.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`malformed job data: ${parsed.error.message}`);
    const { documentId } = parsed.data;
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      const result = await this.sync.sync(documentId, { finalAttempt });
      this.logger.log({ jobId: job.id, stage: 'sync', ...result }, 'document synced');
      return result;
    } catch (error) {
      this.logger.warn(
        {
          jobId: job.id,
          documentId,
          stage: 'sync',
          attempt: job.attemptsMade + 1,
          error: describeError(error),
        },
        'sync failed',
      );
      if (isRaglineError(error) && error.code === ErrorCode.EmbedderRateLimited && !finalAttempt) {
        await this.worker.rateLimit(Math.max(1, error.retryAfterSeconds ?? 1) * 1000);
        throw Worker.RateLimitError();
      }
      if (!isRetryable(error)) throw new UnrecoverableError(describeError(error));
      throw error;
    }
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error({ stage: 'worker', error: describeError(error) }, 'worker error');
  }
}
