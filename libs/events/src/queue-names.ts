/** Queue and job names shared by the API (producer) and the worker (consumer). */
export const QueueName = {
  /** Document-sync jobs: at most one active and one waiting per document. */
  Documents: 'documents',
  /** Source syncs, reconcile sweeps and source removals of one library. */
  Sources: 'sources',
  /** Deployment-wide chores (a library's asynchronous deletion). */
  Maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  SyncDocument: 'document.sync',
  DeleteLibrary: 'library.delete',
  SyncSource: 'source.sync',
  ReconcileSource: 'source.reconcile',
  RemoveSource: 'source.remove',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];
