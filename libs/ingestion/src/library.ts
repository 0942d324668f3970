import type { Config } from '@ragline/config';
import { embedderKey, type Embedder } from '@ragline/embedders';
import type { LibrarySpec } from '@ragline/vector-store';

export const LIBRARY_SPEC = Symbol('LIBRARY_SPEC');

/** The library's shape follows the embedder: its dimension and identity are recorded with it. */
export function librarySpecFor(config: Config, embedder: Embedder): LibrarySpec {
  return {
    name: config.LIBRARY_NAME,
    dense: { size: embedder.id.dimensions, distance: 'cosine' },
    sparse: true,
    embedder: embedderKey(embedder.id),
  };
}
