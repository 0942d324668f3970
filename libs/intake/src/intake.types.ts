import type { DocumentAcl, DocumentFormat, Metadata } from '@ragline/events';

/** One change to one document, from any entry point (REST, webhooks, source syncs, reindex). */
export interface DocumentChange {
  documentId: string;
  kind: 'upsert' | 'delete';
  /** Explicit version; when absent the registry assigns the next one. */
  version?: number;
  text?: string;
  title?: string;
  metadata?: Metadata;
  acl?: DocumentAcl;
  format?: DocumentFormat;
  /** Where the change came from: `api`, or a source id. */
  source: string;
}

/** What intake answers once the change is durable and its job queued. */
export interface AcceptedChange {
  eventId: string;
  documentId: string;
  /** `queued`, or `superseded` when an equal or newer version was accepted before. */
  status: string;
  version: number;
}
