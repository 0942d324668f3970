import type {
  DocumentAcl,
  DocumentFormat,
  DocumentStatus,
  EventStatus,
  Metadata,
} from '@ragline/events';

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
  acl?: DocumentAcl;
  format?: DocumentFormat;
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
  acl?: DocumentAcl;
  format?: DocumentFormat;
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
  /** The ACL of the indexed version (absent: readable by everyone who may query). */
  acl?: DocumentAcl;
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
  acl?: DocumentAcl;
  error?: string;
  unchanged?: boolean;
  chunksEmbedded?: number;
  chunksReused?: number;
  chunksDeleted?: number;
  /** The collection versions the change was written to; checked at commit (see `commit`). */
  writeTargets?: readonly number[];
}

export type CommitResult = 'completed' | 'failed' | 'stale' | 'retarget';

/** A library's documents by status and its sync times, kept by the registry's scripts: O(1). */
export interface LibraryStats {
  documents: Record<DocumentStatus, number>;
  /** Documents with an accepted change not applied yet. */
  pending: number;
  /** When a worker last applied a change (epoch ms, 0: never). */
  lastSyncAt: number;
  /** When a change was last accepted (epoch ms, 0: never). */
  lastChangeAt: number;
}

export interface ListDocumentsQuery {
  source?: string;
  status?: DocumentStatus;
  /** Exclusive: the last id of the previous page. */
  cursor?: string;
  limit: number;
}
