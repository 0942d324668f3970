/** Queue and job names shared by the API (producer) and the worker (consumer). */
export const QueueName = {
  /** Document-change events: one job per accepted event. */
  Documents: 'documents',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  UpsertDocument: 'document.upsert',
  DeleteDocument: 'document.delete',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];
