import type { LibraryRef } from '@ragline/events';

/**
 * Vectors by (library, embedder, chunk content hash): identical chunks within a library, a
 * document deleted then re-added, and a chunking-only reindex are embedded once. Namespaced by
 * library, so no tenant learns anything from another's cache.
 */
export interface EmbeddingCache {
  /** Cached vectors for the given hashes; misses are absent from the map. */
  getMany(
    library: LibraryRef,
    embedder: string,
    contentHashes: readonly string[],
  ): Promise<Map<string, number[]>>;
  setMany(
    library: LibraryRef,
    embedder: string,
    entries: ReadonlyArray<[contentHash: string, vector: number[]]>,
  ): Promise<void>;
}

export const EMBEDDING_CACHE = Symbol('EMBEDDING_CACHE');
