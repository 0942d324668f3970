import type { JobsOptions, RedisOptions } from 'bullmq';
import { reconnectDelay, REDIS_COMMAND_TIMEOUT_MS } from '@ragline/redis';

/** What the BullMQ adapters need from the deployment's configuration. */
export interface BullQueueSettings {
  redisUrl: string;
  prefix: string;
  attempts: number;
  backoffMs: number;
  /** How long failed jobs (and so their reasons) are kept. */
  failedRetentionSeconds: number;
}

/**
 * Connection options by role:
 * - `consumer` (a Worker): must wait for Redis instead of failing commands (BullMQ requires it).
 * - `producer` (a Queue on the request path): fails fast while Redis is down, so intake answers
 *   503 within a bounded time instead of holding the client until Redis returns.
 */
export function bullConnectionOptions(url: string, role: 'producer' | 'consumer'): RedisOptions {
  if (role === 'consumer') {
    return { url, maxRetriesPerRequest: null, retryStrategy: reconnectDelay };
  }
  return {
    url,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: reconnectDelay,
  };
}

/**
 * One job per document at a time: BullMQ deduplication by document id with `keepLastIfActive`
 * keeps at most one active and one waiting job per document, so two workers never apply the same
 * document concurrently, and a burst of events while a job waits collapses into that job (it reads
 * the newest pending change when it runs).
 */
export function syncJobOptions(settings: BullQueueSettings, documentId: string): JobsOptions {
  return {
    deduplication: { id: documentId, keepLastIfActive: true },
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.backoffMs },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: settings.failedRetentionSeconds },
  };
}
