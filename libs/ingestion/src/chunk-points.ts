import type { Library, LibraryVersion } from '@ragline/catalog';
import { Chunker, embeddingText, inferFormat, parseDocument, type Chunk } from '@ragline/chunking';
import type { EmbedderRegistry, SparseEncoder } from '@ragline/embedders';
import { LIMITS, readersOf, storeLibraryName, type Metadata } from '@ragline/events';
import type { PendingChange } from '@ragline/registry';
import { pointId, type ChunkPoint, type VectorStore } from '@ragline/vector-store';
import type { EmbeddingCache } from './embedding-cache.port';

export interface ChunkPointDeps {
  store: VectorStore;
  embedders: EmbedderRegistry;
  /** BM25 encoder for stores that rank client-made sparse vectors (Qdrant). */
  sparse?: SparseEncoder;
  /** Vectors by content hash; without it only the document's own stored points are reused. */
  cache?: EmbeddingCache;
}

/** What the chunks of one document version in one collection version are made of. */
export interface BuiltPoints {
  points: ChunkPoint[];
  chunks: Chunk[];
  title?: string;
  /** Distinct texts sent to the embedder. */
  embedded: number;
  /** Chunks whose vector came from the embedder (the rest were reused). */
  embeddedChunks: number;
}

/**
 * Turns a document change into the chunks of one collection version: parse (front matter,
 * title), chunk with the version's chunking, embed with the version's embedder, cheapest vector
 * source first. The live sync, a reindex's rebuild and the writes to a version being built all
 * make their points here, so every version holds what its settings make of the same text.
 */
export class ChunkPointBuilder {
  private readonly chunkers = new Map<string, Chunker>();

  constructor(private readonly deps: ChunkPointDeps) {}

  /**
   * @param reuse the hashes the target version already holds for the document: their vectors are
   *   taken from the store when the cache lost them (only the live version has them).
   */
  async build(
    library: Library,
    target: LibraryVersion,
    change: PendingChange,
    reuse: ReadonlySet<string> = new Set(),
  ): Promise<BuiltPoints> {
    const format = change.format ?? inferFormat(change.documentId);
    const parsed = parseDocument(change.text, { format });
    const title = change.title ?? parsed.title;
    const metadata = mergeMetadata(parsed.metadata, change.metadata);
    const chunks = await this.chunkerFor(target).split(change.text, { format });
    const name = storeLibraryName(library);
    const ids = assignPointIds(name, change.documentId, chunks);
    const vectors = await this.vectorsFor(library, target, change.documentId, chunks, reuse);
    // Stores with their own full-text index rank text themselves: no BM25 vectors to compute.
    const sparse = this.deps.store.usesSparseVectors ? this.deps.sparse : undefined;
    const acl = readersOf(change.acl);
    const points: ChunkPoint[] = chunks.map((chunk, i) => ({
      id: ids[i],
      documentId: change.documentId,
      chunkIndex: chunk.index,
      text: chunk.text,
      ...(chunk.context === undefined ? {} : { context: chunk.context }),
      contentHash: chunk.contentHash,
      version: change.version,
      title,
      source: change.source,
      metadata,
      acl,
      vector: vectors.dense[i],
      sparse: sparse?.encodeDocument(embeddingText(chunk)),
    }));
    return {
      points,
      chunks,
      title,
      embedded: vectors.embedded,
      embeddedChunks: vectors.embeddedChunks,
    };
  }

  private chunkerFor(target: LibraryVersion): Chunker {
    const { sizeTokens, overlapTokens } = target.chunking;
    const key = `${sizeTokens}/${overlapTokens}`;
    let chunker = this.chunkers.get(key);
    if (!chunker) {
      chunker = new Chunker({ chunkSizeTokens: sizeTokens, chunkOverlapTokens: overlapTokens });
      this.chunkers.set(key, chunker);
    }
    return chunker;
  }

  /**
   * Vectors for the chunks, cheapest source first: the embedding cache (by embedder and content
   * hash: unchanged chunks, the same text anywhere in the library, a chunking-only reindex), then
   * the target version's stored points for reusable chunks the cache has lost, then the embedder,
   * once per distinct text.
   */
  private async vectorsFor(
    library: Library,
    target: LibraryVersion,
    documentId: string,
    chunks: Chunk[],
    reuse: ReadonlySet<string>,
  ): Promise<{ dense: number[][]; embedded: number; embeddedChunks: number }> {
    const { cache, store } = this.deps;
    const embedder = await this.deps.embedders.forKey(target.embedder.key);
    const space = target.embedder.key;
    const textByHash = new Map(chunks.map((chunk) => [chunk.contentHash, embeddingText(chunk)]));
    const vectors =
      (await cache?.getMany(library, space, [...textByHash.keys()])) ?? new Map<string, number[]>();

    const lost = [...textByHash.keys()].filter((hash) => !vectors.has(hash) && reuse.has(hash));
    if (lost.length > 0) {
      const wanted = new Set(lost);
      const recovered: Array<[string, number[]]> = [];
      const stored = await store.getDocumentVectors(
        storeLibraryName(library),
        documentId,
        target.version,
      );
      for (const point of stored) {
        if (!wanted.has(point.contentHash) || point.vector.length === 0) continue;
        vectors.set(point.contentHash, point.vector);
        recovered.push([point.contentHash, point.vector]);
        wanted.delete(point.contentHash);
      }
      await cache?.setMany(library, space, recovered);
    }

    const pending = [...textByHash.entries()].filter(([hash]) => !vectors.has(hash));
    for (let start = 0; start < pending.length; start += embedder.maxBatchSize) {
      const batch = pending.slice(start, start + embedder.maxBatchSize);
      const embedded = await embedder.embedDocuments(batch.map(([, text]) => text));
      batch.forEach(([hash], j) => vectors.set(hash, embedded[j]));
      await cache?.setMany(
        library,
        space,
        batch.map(([hash], j) => [hash, embedded[j]]),
      );
    }
    const embeddedHashes = new Set(pending.map(([hash]) => hash));
    return {
      dense: chunks.map((chunk) => vectors.get(chunk.contentHash) ?? []),
      embedded: pending.length,
      embeddedChunks: chunks.filter((chunk) => embeddedHashes.has(chunk.contentHash)).length,
    };
  }
}

/**
 * Front matter under the document's own metadata: a key the change names wins, and front matter
 * keys fill what is left of the metadata bounds (LIMITS), in document order.
 */
function mergeMetadata(fromText: Metadata, given: Metadata): Metadata {
  const merged: Metadata = { ...given };
  for (const [key, value] of Object.entries(fromText)) {
    if (key in merged || Object.keys(merged).length >= LIMITS.metadataKeys) continue;
    merged[key] = value;
    if (Buffer.byteLength(JSON.stringify(merged)) > LIMITS.metadataBytes) delete merged[key];
  }
  return merged;
}

/** Point ids from content and occurrence: the n-th chunk with the same text in a document gets occurrence n. */
export function assignPointIds(
  library: string,
  documentId: string,
  chunks: ReadonlyArray<Pick<Chunk, 'contentHash'>>,
): string[] {
  const seen = new Map<string, number>();
  return chunks.map((chunk) => {
    const occurrence = seen.get(chunk.contentHash) ?? 0;
    seen.set(chunk.contentHash, occurrence + 1);
    return pointId(library, documentId, chunk.contentHash, occurrence);
  });
}
