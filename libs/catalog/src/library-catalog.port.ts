import type { LibraryRef } from '@ragline/events';
import type { Library, LibrarySettings, LibraryVersion } from './library';

/** A change to the catalog, announced to every process (workers start and stop consumers on it). */
export interface CatalogChange {
  kind: 'created' | 'deleting' | 'removed' | 'updated';
  library: LibraryRef;
}

/** Which libraries exist, for whom, and how each was built. */
export interface LibraryCatalog {
  /** Records a new library. @throws LibraryExistsError, LibraryDeletingError */
  create(ref: LibraryRef, settings: LibrarySettings): Promise<Library>;
  /** Records it unless it exists; returns what is recorded either way. */
  ensure(ref: LibraryRef, settings: LibrarySettings): Promise<Library>;
  get(ref: LibraryRef): Promise<Library | undefined>;
  /** The tenant's libraries by name. */
  list(tenant: string): Promise<Library[]>;
  /** Every library of every tenant (workers consume them all). */
  listAll(): Promise<Library[]>;
  /**
   * Records the library's versions (a reindex starting, swapping, rolling back, finishing). The
   * live settings move with `live`. One reindex per library at a time makes this the only writer.
   */
  saveVersions(
    ref: LibraryRef,
    versions: {
      live: LibraryVersion;
      building?: LibraryVersion & { reindexId: string };
      previous?: LibraryVersion;
    },
  ): Promise<Library>;
  /** Marks it `deleting`; false if it does not exist. */
  markDeleting(ref: LibraryRef): Promise<boolean>;
  /** Forgets it: the name is free again. */
  remove(ref: LibraryRef): Promise<void>;
  /** Calls `listener` for every change made by any process; returns the unsubscribe. */
  subscribe(listener: (change: CatalogChange) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
}

export const LIBRARY_CATALOG = Symbol('LIBRARY_CATALOG');
