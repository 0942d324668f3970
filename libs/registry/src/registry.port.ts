import type { EventStatus, LibraryRef } from '@ragline/events';
import type {
  AcceptEventInput,
  AcceptedEvent,
  ApplyOutcome,
  CommitResult,
  DocumentState,
  EventState,
  LibraryStats,
  ListDocumentsQuery,
  PendingChange,
} from './registry.types';

/**
 * Document state per library: what is accepted, what is indexed and at which version, and what
 * each event became. Every transition that must be atomic (accept, activate, commit) is one step;
 * racing API processes and workers cannot interleave half-updates.
 */
export interface DocumentRegistry {
  /**
   * Assigns or checks the version and records the change as the document's pending one.
   * @throws IdempotencyKeyReusedError when the key was first used for a different request
   * @throws IntakeBackpressureError when the library's backlog is at `maxPending`
   */
  acceptEvent(
    library: LibraryRef,
    input: AcceptEventInput,
    maxPending?: number,
  ): Promise<AcceptedEvent>;
  /** Marks the document indexing and returns its pending change, or undefined if none is left. */
  activate(library: LibraryRef, documentId: string): Promise<PendingChange | undefined>;
  /**
   * Records what applying `outcome.version` did. 'stale' when a newer version was indexed
   * meanwhile (the caller's write lost the race); 'retarget' when `outcome.writeTargets` are not
   * the library's current write targets (nothing is recorded: the caller re-reads the library and
   * applies again); else the outcome status.
   */
  commit(library: LibraryRef, outcome: ApplyOutcome): Promise<CommitResult>;
  /**
   * Sets the collection versions every commit must have written to (see `commit`). A reindex
   * sets them after recording the library's versions in the catalog, before it reads content.
   */
  setWriteTargets(library: LibraryRef, versions: readonly number[]): Promise<void>;
  getDocument(library: LibraryRef, documentId: string): Promise<DocumentState | undefined>;
  getEvent(library: LibraryRef, eventId: string): Promise<EventState | undefined>;
  /** Documents in id order, filtered; pages by cursor. */
  listDocuments(
    library: LibraryRef,
    query: ListDocumentsQuery,
  ): Promise<{ documents: DocumentState[]; nextCursor?: string }>;
  /** The applied change of a document (what a reindex rebuilds from); undefined when deleted. */
  getContent(library: LibraryRef, documentId: string): Promise<PendingChange | undefined>;
  /** Every document id in lexical order, a page at a time (`after`: the previous page's last id). */
  listDocumentIds(library: LibraryRef, after: string | undefined, limit: number): Promise<string[]>;
  /** Documents with a change accepted but not applied (e.g. the API stopped before enqueueing). */
  pendingDocumentIds(library: LibraryRef): Promise<string[]>;
  stats(library: LibraryRef): Promise<LibraryStats>;
  /** Removes everything the library keeps in Redis besides its queue (see docs/decisions/0003). */
  dropLibrary(library: LibraryRef): Promise<void>;
  ping(): Promise<void>;
}

export const DOCUMENT_REGISTRY = Symbol('DOCUMENT_REGISTRY');

/** Read-your-writes: waits until events of a library reach a final status. */
export interface EventWaiter {
  /** Each event's final status; throws CONSISTENCY_TIMEOUT naming the ones still pending. */
  waitForEvents(
    library: LibraryRef,
    eventIds: readonly string[],
    timeoutMs: number,
  ): Promise<Record<string, EventStatus>>;
  close(): Promise<void>;
}

export const EVENT_WAITER = Symbol('EVENT_WAITER');
