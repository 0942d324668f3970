import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { CONFIG, type Config } from '@ragline/config';
import { ErrorCode, describeError, isRaglineError } from '@ragline/errors';
import { JobName, QueueName, syncDocumentJobSchema } from '@ragline/events';
import { DocumentSyncService, isRetryable, type SyncResult } from '@ragline/ingestion';
import { bullConnectionOptions, syncJobOptions } from '@ragline/queue';

/**
 * Consumes document-sync jobs with a BullMQ Worker built from config (concurrency, lock duration,
 * stalled-job interval are deployment settings, not constants). The error decides what happens
 * next: retryable errors go back with exponential backoff, a rate limit pauses the whole queue
 * (across all workers) for the time the provider asked, anything permanent fails the job at once.
 */
@Injectable()
export class DocumentSyncWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('worker');
  private worker?: Worker;

  constructor(
    private readonly sync: DocumentSyncService,
    @Inject(CONFIG) private readonly config: Config,
    @InjectQueue(QueueName.Documents) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    const { config } = this;
    this.worker = new Worker(QueueName.Documents, (job) => this.process(job), {
      connection: bullConnectionOptions(config.REDIS_URL),
      prefix: config.RAGLINE_QUEUE_PREFIX,
      concurrency: config.WORKER_CONCURRENCY,
      lockDuration: config.WORKER_LOCK_DURATION_MS,
      stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
      // A job whose worker died is retried this many times before BullMQ gives up on it.
      maxStalledCount: 3,
    });
    // BullMQ fails a job that stalled too often without running our code, so the registry would
    // still show its events active. The change is still pending: queue the document again.
    this.worker.on('failed', (job, error) => {
      if (!job || !/stalled/i.test(error.message)) return;
      const parsed = syncDocumentJobSchema.safeParse(job.data);
      if (!parsed.success) return;
      const { documentId } = parsed.data;
      this.logger.warn(
        { jobId: job.id, documentId, stage: 'recovery' },
        'stalled job failed; re-enqueueing',
      );
      this.queue
        .add(JobName.SyncDocument, { documentId }, syncJobOptions(config, documentId))
        .catch((cause: unknown) =>
          this.logger.error(
            { documentId, stage: 'recovery', error: describeError(cause) },
            're-enqueue failed',
          ),
        );
    });
    this.worker.on('error', (error) =>
      this.logger.error({ stage: 'worker', error: describeError(error) }, 'worker error'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
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
      if (
        isRaglineError(error) &&
        error.code === ErrorCode.EmbedderRateLimited &&
        !finalAttempt &&
        this.worker
      ) {
        await this.worker.rateLimit(Math.max(1, error.retryAfterSeconds ?? 1) * 1000);
        throw Worker.RateLimitError();
      }
      if (!isRetryable(error)) throw new UnrecoverableError(describeError(error));
      throw error;
    }
  }
}
