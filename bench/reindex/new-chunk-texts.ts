import type { Chunker } from '@ragline/chunking';
import { renderDocument, type BenchDocument } from '../corpus/corpus-generator';

export interface ChunkingChange {
  /** Chunks the library holds with the new settings. */
  chunks: number;
  /** Distinct chunk texts (content hashes) the new settings make that the old ones did not. */
  newTexts: number;
}

/**
 * What a chunking-only reindex has to embed at the least: the embedding cache holds a vector for
 * every chunk the old settings made (by content hash, library-wide), so only texts that did not
 * exist before need the embedder.
 */
export async function newChunkTexts(
  before: Chunker,
  after: Chunker,
  documents: readonly BenchDocument[],
): Promise<ChunkingChange> {
  const known = new Set<string>();
  const fresh = new Set<string>();
  let chunks = 0;
  for (const document of documents) {
    for (const chunk of await before.split(renderDocument(document))) known.add(chunk.contentHash);
  }
  for (const document of documents) {
    const split = await after.split(renderDocument(document));
    chunks += split.length;
    for (const chunk of split) if (!known.has(chunk.contentHash)) fresh.add(chunk.contentHash);
  }
  return { chunks, newTexts: fresh.size };
}
