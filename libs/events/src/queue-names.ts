/** Queue and job names shared by the API (producer) and the worker (consumer). */
export const QueueName = {
  /** Document-sync jobs: at most one active and one waiting per document. */
  Documents: 'documents',
  /** Deployment-wide chores (a library's asynchronous deletion). */
  Maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  SyncDocument: 'document.sync',
  DeleteLibrary: 'library.delete',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];
