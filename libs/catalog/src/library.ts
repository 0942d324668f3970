import type { LibraryRef } from '@ragline/events';

export type SearchMode = 'dense' | 'sparse' | 'hybrid';

export interface ChunkingSettings {
  sizeTokens: number;
  overlapTokens: number;
}

/** What a library was built with: what its queries must embed with too. */
export interface EmbedderRecord {
  /** `kind:model:dimensions` (see embedderKey): vectors of two keys never mix. */
  key: string;
  dimensions: number;
}

export type LibraryStatus = 'active' | 'deleting';

/** One collection version of a library and how its chunks were made. */
export interface LibraryVersion {
  version: number;
  embedder: EmbedderRecord;
  chunking: ChunkingSettings;
  searchMode: SearchMode;
}

/**
 * One library of one tenant, as the catalog records it. `version`, `embedder`, `chunking` and
 * `searchMode` are the live version's: queries read that version and embed with its embedder.
 * While a reindex runs, `building` is the version it fills (live changes go to both); after a swap,
 * `previous` is the version a rollback returns to (live changes go to it too, so nothing is lost).
 */
export interface Library extends LibraryRef, LibraryVersion {
  description?: string;
  status: LibraryStatus;
  createdAt: number;
  building?: LibraryVersion & { reindexId: string };
  previous?: LibraryVersion;
}

/** The versions a library writes to: the live one first, then any being built or kept. */
export function writeTargets(library: Library): LibraryVersion[] {
  const live: LibraryVersion = {
    version: library.version,
    embedder: library.embedder,
    chunking: library.chunking,
    searchMode: library.searchMode,
  };
  return [
    live,
    ...(library.building ? [library.building] : []),
    ...(library.previous ? [library.previous] : []),
  ];
}

/** What a creator chooses; the rest comes from the deployment. */
export interface LibrarySettings {
  description?: string;
  searchMode: SearchMode;
  chunking: ChunkingSettings;
  embedder: EmbedderRecord;
}
