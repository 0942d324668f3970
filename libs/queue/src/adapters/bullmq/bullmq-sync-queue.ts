import { Logger } from '@nestjs/common';
import IORedis from 'ioredis';
import { FlowProducer, Queue } from 'bullmq';
import { ErrorCode, RaglineError, describeError } from '@ragline/errors';
import { JobName, QueueName, libraryKey, type LibraryRef } from '@ragline/events';
import type { QueueDepth, SyncQueue } from '../../sync-queue.port';
import { bullConnectionOptions, syncJobOptions, type BullQueueSettings } from './bullmq-options';
import { libraryQueuePrefix, maintenanceQueuePrefix } from './queue-naming';

/** During an outage BullMQ reports every failed reconnect: one log line per this interval. */
const REPORT_EVERY_MS = 10_000;

/**
 * SyncQueue on BullMQ: a Queue per library (created on first use, kept), all sharing one ioredis
 * connection that fails fast while Redis is down. Queue errors are log lines, not stderr dumps.
 */
export class BullMqSyncQueue implements SyncQueue {
  private readonly logger = new Logger('queue');
  private readonly connection: IORedis;
  private readonly queues = new Map<string, Queue>();
  private readonly sourceQueues = new Map<string, Queue>();
  private readonly reindexQueues = new Map<string, Queue>();
  private flows?: FlowProducer;
  private maintenance?: Queue;
  private lastReport = 0;

  constructor(private readonly settings: BullQueueSettings) {
    // ioredis takes the URL as its own argument: inside the options object it is ignored.
    const { url, ...options } = bullConnectionOptions(settings.redisUrl, 'producer');
    this.connection = new IORedis(url ?? settings.redisUrl, options);
    this.connection.on('error', (error) => this.report(error));
  }

  /** Resolves once the connection is up (or after `timeoutMs`, leaving requests to fail fast). */
  async ready(timeoutMs = 3000): Promise<void> {
    if (this.connection.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.connection.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async enqueue(library: LibraryRef, documentIds: readonly string[]): Promise<void> {
    if (documentIds.length === 0) return;
    const queue = this.queueOf(library);
    try {
      await queue.addBulk(
        documentIds.map((documentId) => ({
          name: JobName.SyncDocument,
          data: { documentId },
          opts: syncJobOptions(this.settings, documentId),
        })),
      );
    } catch (error) {
      this.logger.error(
        {
          library: libraryKey(library),
          documents: documentIds.length,
          error: describeError(error),
        },
        'enqueue failed',
      );
      throw new RaglineError(
        ErrorCode.QueueUnavailable,
        'The change was recorded but could not be queued; retry with the same Idempotency-Key.',
        { retryable: true, retryAfterSeconds: 2, cause: error },
      );
    }
  }

  async depth(library: LibraryRef): Promise<QueueDepth> {
    const queue = this.queueOf(library);
    const [oldest] = await queue.getWaiting(0, 0);
    const counts = await queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'failed',
      'completed',
      'prioritized',
    );
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
      oldestWaitingSeconds: oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0,
    };
  }

  async drop(library: LibraryRef): Promise<void> {
    const queues = [
      this.queueOf(library),
      this.sourceQueueOf(library),
      this.reindexQueueOf(library),
    ];
    for (const queue of queues) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    this.queues.delete(libraryKey(library));
    this.sourceQueues.delete(libraryKey(library));
    this.reindexQueues.delete(libraryKey(library));
  }

  async scheduleLibraryDeletion(library: LibraryRef): Promise<void> {
    this.maintenance ??= this.newQueue(
      QueueName.Maintenance,
      maintenanceQueuePrefix(this.settings.prefix),
    );
    await this.maintenance.add(JobName.DeleteLibrary, library, {
      // One deletion per library at a time; a second request while it runs is the same job.
      deduplication: { id: libraryKey(library) },
      attempts: 20,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: this.settings.failedRetentionSeconds },
    });
  }

  async enqueueSourceSync(library: LibraryRef, sourceId: string): Promise<void> {
    await this.sourceQueueOf(library).add(
      JobName.SyncSource,
      { sourceId },
      {
        // One waiting sync per source; a sync that runs reads every run queued meanwhile.
        deduplication: { id: `sync:${sourceId}`, keepLastIfActive: true },
        ...this.retries(),
      },
    );
  }

  async scheduleReconcile(library: LibraryRef, sourceId: string, everyMs: number): Promise<void> {
    const queue = this.sourceQueueOf(library);
    const id = `reconcile:${sourceId}`;
    if (everyMs <= 0) {
      await queue.removeJobScheduler(id);
      return;
    }
    await queue.upsertJobScheduler(
      id,
      // The first sweep one interval from now: creation already syncs.
      { every: everyMs, startDate: new Date(Date.now() + everyMs) },
      { name: JobName.ReconcileSource, data: { sourceId }, opts: this.retries() },
    );
  }

  async enqueueSourceRemoval(library: LibraryRef, sourceId: string): Promise<void> {
    await this.sourceQueueOf(library).add(
      JobName.RemoveSource,
      { sourceId },
      { deduplication: { id: `remove:${sourceId}` }, ...this.retries() },
    );
  }

  async enqueueReindexPlan(library: LibraryRef, reindexId: string): Promise<void> {
    await this.reindexQueueOf(library).add(
      JobName.PlanReindex,
      { reindexId },
      { jobId: `${reindexId}-plan`, ...this.retries() },
    );
  }

  async enqueueReindexBatches(
    library: LibraryRef,
    reindexId: string,
    batches: ReadonlyArray<readonly string[]>,
  ): Promise<void> {
    const prefix = libraryQueuePrefix(this.settings.prefix, library);
    this.flows ??= new FlowProducer({ connection: this.connection, prefix });
    await this.flows.add({
      name: JobName.FinishReindex,
      queueName: QueueName.Reindex,
      prefix,
      data: { reindexId },
      opts: { jobId: `${reindexId}-finish`, ...this.retries() },
      children: batches.map((documentIds, index) => ({
        name: JobName.RebuildBatch,
        queueName: QueueName.Reindex,
        prefix,
        data: { reindexId, documentIds },
        opts: {
          jobId: `${reindexId}-batch-${index}`,
          ...this.retries(),
          // A batch BullMQ gives up on (stalled too often) must not hold the run forever: the
          // finish job still runs, and counts the documents no batch accounted for as failed.
          ignoreDependencyOnFailure: true,
        },
      })),
    });
  }

  private retries() {
    return {
      attempts: this.settings.attempts,
      backoff: { type: 'exponential', delay: this.settings.backoffMs },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: this.settings.failedRetentionSeconds },
    };
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    const queues = [
      ...this.queues.values(),
      ...this.sourceQueues.values(),
      ...this.reindexQueues.values(),
      ...(this.maintenance ? [this.maintenance] : []),
    ];
    await Promise.all(queues.map((queue) => queue.close()));
    await this.flows?.close();
    this.queues.clear();
    this.sourceQueues.clear();
    this.reindexQueues.clear();
    this.connection.disconnect();
  }

  private queueOf(library: LibraryRef): Queue {
    const key = libraryKey(library);
    let queue = this.queues.get(key);
    if (!queue) {
      queue = this.newQueue(QueueName.Documents, libraryQueuePrefix(this.settings.prefix, library));
      this.queues.set(key, queue);
    }
    return queue;
  }

  /** The library's queues, for the dashboard. */
  dashboardQueues(library: LibraryRef): Queue[] {
    return [this.queueOf(library), this.sourceQueueOf(library), this.reindexQueueOf(library)];
  }

  private reindexQueueOf(library: LibraryRef): Queue {
    const key = libraryKey(library);
    let queue = this.reindexQueues.get(key);
    if (!queue) {
      queue = this.newQueue(QueueName.Reindex, libraryQueuePrefix(this.settings.prefix, library));
      this.reindexQueues.set(key, queue);
    }
    return queue;
  }

  private sourceQueueOf(library: LibraryRef): Queue {
    const key = libraryKey(library);
    let queue = this.sourceQueues.get(key);
    if (!queue) {
      queue = this.newQueue(QueueName.Sources, libraryQueuePrefix(this.settings.prefix, library));
      this.sourceQueues.set(key, queue);
    }
    return queue;
  }

  private newQueue(name: string, prefix: string): Queue {
    const queue = new Queue(name, {
      connection: this.connection,
      prefix,
      skipWaitingForReady: true,
    });
    queue.on('error', (error: Error) => this.report(error));
    return queue;
  }

  private report(error: Error): void {
    const now = Date.now();
    if (now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    this.logger.warn({ stage: 'queue', error: describeError(error) }, 'queue connection failing');
  }
}
