import type { LibraryRef } from '@ragline/events';

/**
 * Keeps a version being built exact while two writers fill it: a reindex rebuilding documents
 * from their content, and live syncs writing every change to it too. Lock-free: a writer first
 * announces the document version it writes (`intend`, which only ever raises the mark), writes,
 * then asks `settled`; a writer whose version is older than the mark wrote something stale and
 * writes again from the newest content. The newest writer always finishes last.
 */
export interface BuildTracker {
  intend(
    library: LibraryRef,
    reindexId: string,
    documentId: string,
    version: number,
  ): Promise<void>;
  /** True when no newer version of the document was announced meanwhile. */
  settled(
    library: LibraryRef,
    reindexId: string,
    documentId: string,
    version: number,
  ): Promise<boolean>;
  /** Forgets a build's marks (after it swapped, failed or was cancelled). */
  clear(library: LibraryRef, reindexId: string): Promise<void>;
}

export const BUILD_TRACKER = Symbol('BUILD_TRACKER');
