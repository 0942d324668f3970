import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { BullMqJobConsumer } from './adapters/bullmq/bullmq-job-consumer';
import { BullMqSyncQueue } from './adapters/bullmq/bullmq-sync-queue';
import type { BullQueueSettings } from './adapters/bullmq/bullmq-options';
import { SYNC_JOB_CONSUMER } from './job-consumer.port';
import { SYNC_QUEUE, type SyncQueue } from './sync-queue.port';

function queueSettings(config: Config): BullQueueSettings {
  return {
    redisUrl: config.REDIS_URL,
    prefix: config.RAGLINE_QUEUE_PREFIX,
    attempts: config.JOB_ATTEMPTS,
    backoffMs: config.JOB_BACKOFF_MS,
    failedRetentionSeconds: config.EVENT_RETENTION_SECONDS,
  };
}

/** The producer side of the sync queues (SYNC_QUEUE), on BullMQ under RAGLINE_QUEUE_PREFIX. */
@Module({
  providers: [
    {
      provide: SYNC_QUEUE,
      inject: [CONFIG],
      useFactory: async (config: Config) => {
        const queue = new BullMqSyncQueue(queueSettings(config));
        await queue.ready();
        return queue;
      },
    },
  ],
  exports: [SYNC_QUEUE],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(SYNC_QUEUE) private readonly queue: SyncQueue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

/** The consumer side (SYNC_JOB_CONSUMER), for worker processes. */
@Module({
  imports: [QueueModule],
  providers: [
    {
      provide: SYNC_JOB_CONSUMER,
      inject: [CONFIG, SYNC_QUEUE],
      useFactory: (config: Config, queue: SyncQueue) =>
        new BullMqJobConsumer(
          {
            ...queueSettings(config),
            concurrency: config.WORKER_CONCURRENCY,
            lockDurationMs: config.WORKER_LOCK_DURATION_MS,
            stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS,
            reindexConcurrency: config.REINDEX_CONCURRENCY,
          },
          queue,
        ),
    },
  ],
  exports: [SYNC_JOB_CONSUMER, QueueModule],
})
export class QueueConsumerModule {}
