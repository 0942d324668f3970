import type { LibraryRef } from '@ragline/events';

/** Jobs of one library's queue by state. */
export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** Age of the oldest waiting job, seconds (0 when none waits). */
  oldestWaitingSeconds: number;
}

/**
 * The producer side of the sync queues: one queue per library, one job per document at a time
 * (a burst of changes to a document costs one job; the worker applies its newest change).
 */
export interface SyncQueue {
  /** Makes sure a sync job is queued for each document. Idempotent. */
  enqueue(library: LibraryRef, documentIds: readonly string[]): Promise<void>;
  depth(library: LibraryRef): Promise<QueueDepth>;
  /** Removes the library's queue and all its jobs (once no worker consumes it). */
  drop(library: LibraryRef): Promise<void>;
  /** Queues the asynchronous deletion of a library (see LibraryDeletionJob). */
  scheduleLibraryDeletion(library: LibraryRef): Promise<void>;
  /** Queues a sync of a source: at most one waiting sync per source (the runs it serves wait in the source store). */
  enqueueSourceSync(library: LibraryRef, sourceId: string): Promise<void>;
  /** Repeats a reconcile sweep of the source every `everyMs` (0 stops it). */
  scheduleReconcile(library: LibraryRef, sourceId: string, everyMs: number): Promise<void>;
  /** Queues the removal of a source (its documents become tombstones). */
  enqueueSourceRemoval(library: LibraryRef, sourceId: string): Promise<void>;
  /** Queues the plan of a reindex run (it creates the version and queues the batches). */
  enqueueReindexPlan(library: LibraryRef, reindexId: string): Promise<void>;
  /**
   * Queues a run's rebuild: one job per batch of document ids, under one finish job that runs
   * once every batch is done (a BullMQ flow). Idempotent per run: the job ids are the run's.
   */
  enqueueReindexBatches(
    library: LibraryRef,
    reindexId: string,
    batches: ReadonlyArray<readonly string[]>,
  ): Promise<void>;
  /** Throws when the queue's Redis cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const SYNC_QUEUE = Symbol('SYNC_QUEUE');
