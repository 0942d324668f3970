import type { LibraryRef } from '@ragline/events';

/** One sync job as the worker's handler sees it. */
export interface SyncJob {
  library: LibraryRef;
  documentId: string;
  jobId: string;
  /** 1 for the first run. */
  attempt: number;
  /** True when a failure now is final: the handler records it before throwing. */
  finalAttempt: boolean;
}

/**
 * Applies one job. What it throws decides what happens next (the consumer's business, not the
 * handler's): a RaglineError with `retryable: false` fails the job at once, `EMBEDDER_RATE_LIMITED`
 * pauses the library's queue for its `retryAfterSeconds`, anything else is retried with backoff.
 */
export type SyncJobHandler = (job: SyncJob) => Promise<Record<string, unknown>>;

export type LibraryDeletionHandler = (library: LibraryRef) => Promise<void>;

/** One job of a library's source queue. */
export interface SourceJob {
  library: LibraryRef;
  sourceId: string;
  kind: 'sync' | 'reconcile' | 'remove';
  attempt: number;
  finalAttempt: boolean;
}

/** Applies a source job; errors decide retries as for SyncJobHandler. */
export type SourceJobHandler = (job: SourceJob) => Promise<Record<string, unknown>>;

/** One job of a library's reindex queue. */
export type ReindexJob = {
  library: LibraryRef;
  reindexId: string;
  attempt: number;
  finalAttempt: boolean;
} & ({ kind: 'plan' } | { kind: 'batch'; documentIds: string[] } | { kind: 'finish' });

/** Applies a reindex job; errors decide retries as for SyncJobHandler. */
export type ReindexJobHandler = (job: ReindexJob) => Promise<Record<string, unknown>>;

export interface ConsumerHandle {
  /** Stops taking jobs, lets active ones finish (or return to the queue), then resolves. */
  close(): Promise<void>;
}

/** The consumer side: a worker process runs one consumer per library, plus the maintenance one. */
export interface SyncJobConsumer {
  consume(library: LibraryRef, handler: SyncJobHandler): ConsumerHandle;
  /** The library's source jobs (syncs, scheduled reconciles, removals), one at a time per source. */
  consumeSources(library: LibraryRef, handler: SourceJobHandler): ConsumerHandle;
  consumeLibraryDeletions(handler: LibraryDeletionHandler): ConsumerHandle;
  /** The library's reindex jobs (plans, batches, finishes), REINDEX_CONCURRENCY at a time. */
  consumeReindex(library: LibraryRef, handler: ReindexJobHandler): ConsumerHandle;
}

export const SYNC_JOB_CONSUMER = Symbol('SYNC_JOB_CONSUMER');
