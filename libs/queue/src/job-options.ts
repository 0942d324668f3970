import type { JobsOptions } from 'bullmq';
import type { Config } from '@ragline/config';

/**
 * One job per document at a time: BullMQ deduplication by document id with `keepLastIfActive`
 * keeps at most one active and one waiting job per document, so two workers never apply the same
 * document concurrently, and a burst of events while a job waits collapses into that job (it reads
 * the newest pending change when it runs).
 */
export function syncJobOptions(config: Config, documentId: string): JobsOptions {
  return {
    deduplication: { id: documentId, keepLastIfActive: true },
    attempts: config.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: config.EVENT_RETENTION_SECONDS },
  };
}
