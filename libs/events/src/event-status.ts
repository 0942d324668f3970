/** Lifecycle of one accepted document-change event. */
export const EventStatus = {
  Queued: 'queued',
  Active: 'active',
  Completed: 'completed',
  Failed: 'failed',
  /** A newer version of the document was (or will be) applied instead. */
  Superseded: 'superseded',
} as const;
export type EventStatus = (typeof EventStatus)[keyof typeof EventStatus];
export const FINAL_EVENT_STATUSES: readonly EventStatus[] = [
  EventStatus.Completed,
  EventStatus.Failed,
  EventStatus.Superseded,
];

/** Lifecycle of one document in the library. */
export const DocumentStatus = {
  Queued: 'queued',
  Indexing: 'indexing',
  Indexed: 'indexed',
  Failed: 'failed',
  Deleted: 'deleted',
} as const;
export type DocumentStatus = (typeof DocumentStatus)[keyof typeof DocumentStatus];
