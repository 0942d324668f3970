import type { DocumentStatus, EventStatus, Metadata } from '@ragline/events';

export interface AcceptEventInput {
  eventId: string;
  documentId: string;
  kind: 'upsert' | 'delete';
  /** Explicit version; when absent the registry assigns latest + 1. */
  version?: number;
  source: string;
  /** With `idempotencyKey`: the route and document it is scoped to, and what the request said. */
  idempotency?: { key: string; scope: string; fingerprint: string };
  text?: string;
  title?: string;
  metadata?: Metadata;
  receivedAt: number;
}

export interface AcceptedEvent {
  eventId: string;
  /** `queued`, or `superseded` when an equal or newer version was already accepted. */
  status: EventStatus;
  version: number;
  /** True when the Idempotency-Key was seen before: `eventId` is the first request's. */
  duplicate: boolean;
}

/** The newest accepted change of a document that is not applied yet. */
export interface PendingChange {
  documentId: string;
  eventId: string;
  kind: 'upsert' | 'delete';
  version: number;
  source: string;
  text: string;
  title?: string;
  metadata: Metadata;
  receivedAt: number;
}

export interface DocumentState {
  id: string;
  status: DocumentStatus;
  /** Newest version accepted at intake. */
  latestVersion: number;
  /** Version currently in the library (-1: none yet). */
  indexedVersion: number;
  contentHash?: string;
  chunks: number;
  chunkHashes: string[];
  title?: string;
  source?: string;
  error?: string;
  createdAt: number;
  updatedAt: number;
  /** When a worker last applied a change to the library (0: never). */
  syncedAt: number;
}

export interface EventState {
  eventId: string;
  documentId: string;
  kind: 'upsert' | 'delete';
  version: number;
  source: string;
  status: EventStatus;
  unchanged?: boolean;
  chunksEmbedded?: number;
  chunksReused?: number;
  chunksDeleted?: number;
  error?: string;
  receivedAt: number;
  updatedAt: number;
}

export interface ApplyOutcome {
  documentId: string;
  version: number;
  status: 'completed' | 'failed';
  /** Document status after a completed apply. */
  documentStatus?: 'indexed' | 'deleted';
  contentHash?: string;
  chunkHashes?: string[];
  title?: string;
  error?: string;
  unchanged?: boolean;
  chunksEmbedded?: number;
  chunksReused?: number;
  chunksDeleted?: number;
}
