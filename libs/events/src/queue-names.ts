/** Queue and job names shared by the API (producer) and the worker (consumer). */
export const QueueName = {
  /** Document-sync jobs: at most one active and one waiting per document. */
  Documents: 'documents',
  /** Source syncs, reconcile sweeps and source removals of one library. */
  Sources: 'sources',
  /** Deployment-wide chores (a library's asynchronous deletion). */
  Maintenance: 'maintenance',
  /** A library's reindex runs: a plan job, then a flow of batch jobs under a finish job. */
  Reindex: 'reindex',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  SyncDocument: 'document.sync',
  DeleteLibrary: 'library.delete',
  SyncSource: 'source.sync',
  ReconcileSource: 'source.reconcile',
  RemoveSource: 'source.remove',
  PlanReindex: 'reindex.plan',
  RebuildBatch: 'reindex.batch',
  FinishReindex: 'reindex.finish',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];
