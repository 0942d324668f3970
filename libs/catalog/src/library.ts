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

/** One library of one tenant, as the catalog records it. */
export interface Library extends LibraryRef {
  description?: string;
  searchMode: SearchMode;
  chunking: ChunkingSettings;
  embedder: EmbedderRecord;
  status: LibraryStatus;
  createdAt: number;
}

/** What a creator chooses; the rest comes from the deployment. */
export interface LibrarySettings {
  description?: string;
  searchMode: SearchMode;
  chunking: ChunkingSettings;
  embedder: EmbedderRecord;
}
