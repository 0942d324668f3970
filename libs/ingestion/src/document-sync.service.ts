import type { Library } from '@ragline/catalog';
import { Chunker, embeddingText, hashText, inferFormat, parseDocument } from '@ragline/chunking';
import type { Chunk } from '@ragline/chunking';
import type { Embedder, SparseEncoder } from '@ragline/embedders';
import { embedderKey } from '@ragline/embedders';
import { ErrorCode, RaglineError, describeError, isRetryable } from '@ragline/errors';
import { LIMITS, readersOf, storeLibraryName, type Metadata } from '@ragline/events';
import type {
  ApplyOutcome,
  DocumentRegistry,
  DocumentState,
  PendingChange,
} from '@ragline/registry';
import type { ChunkPoint, VectorStore } from '@ragline/vector-store';
import { pointId } from '@ragline/vector-store';
import type { EmbeddingCache } from './embedding-cache.port';
import { Stopwatch, type SyncTimings } from './stopwatch';

export interface DocumentSyncDeps {
  registry: DocumentRegistry;
  store: VectorStore;
  embedder: Embedder;
  /** BM25 encoder for stores that rank client-made sparse vectors (Qdrant). */
  sparse?: SparseEncoder;
  /** Vectors by content hash; without it only the document's own stored points are reused. */
  cache?: EmbeddingCache;
}

/** What one sync did, for logs and job return values. */
export interface SyncResult {
  documentId: string;
  version?: number;
  /** The applied change's kind and when it was accepted (epoch ms): freshness is now − this. */
  kind?: 'upsert' | 'delete';
  acceptedAt?: number;
  /** `idle`: nothing pending (an earlier job already applied it). `stale`: a newer version won. */
  result: 'applied' | 'unchanged' | 'deleted' | 'stale' | 'idle';
  chunksEmbedded: number;
  chunksReused: number;
  chunksDeleted: number;
  /** Milliseconds spent per stage, for logs: where a slow sync spent its time. */
  timings?: SyncTimings;
}

/**
 * Brings one document of one library up to its newest accepted change:
 * parse -> chunk -> reuse unchanged chunks' vectors -> embed the rest -> replace in one store commit
 * -> record the outcome. Safe to run again after a crash at any step: point ids are deterministic
 * and the registry commit is conditional on the version.
 */
export class DocumentSyncService {
  private readonly chunkers = new Map<string, Chunker>();

  constructor(private readonly deps: DocumentSyncDeps) {}

  /**
   * @param options.finalAttempt when true (or when the error is not retryable), a failure is
   *   recorded on the document and its events before the error is rethrown.
   */
  async sync(
    library: Library,
    documentId: string,
    options: { finalAttempt?: boolean } = {},
  ): Promise<SyncResult> {
    const { registry } = this.deps;
    const watch = new Stopwatch();
    const change = await registry.activate(library, documentId);
    if (!change)
      return { documentId, result: 'idle', chunksEmbedded: 0, chunksReused: 0, chunksDeleted: 0 };
    let outcome: ApplyOutcome;
    try {
      this.assertSameEmbedder(library);
      const state = await registry.getDocument(library, documentId);
      watch.lap('registry');
      outcome =
        change.kind === 'delete'
          ? await this.applyDelete(library, change, state, watch)
          : await this.applyUpsert(library, change, state, watch);
    } catch (error) {
      if (options.finalAttempt || !isRetryable(error)) {
        await registry.commit(library, {
          documentId,
          version: change.version,
          status: 'failed',
          error: describeError(error),
        });
      }
      throw error;
    }
    const committed = await registry.commit(library, outcome);
    watch.lap('commit');
    return {
      documentId,
      version: change.version,
      kind: change.kind,
      acceptedAt: change.receivedAt,
      result:
        committed === 'stale'
          ? 'stale'
          : change.kind === 'delete'
            ? 'deleted'
            : outcome.unchanged
              ? 'unchanged'
              : 'applied',
      chunksEmbedded: outcome.chunksEmbedded ?? 0,
      chunksReused: outcome.chunksReused ?? 0,
      chunksDeleted: outcome.chunksDeleted ?? 0,
      timings: watch.done(),
    };
  }

  /** A library records the embedder it was built with: its chunks never mix with another's. */
  private assertSameEmbedder(library: Library): void {
    const configured = embedderKey(this.deps.embedder.id);
    if (library.embedder.key === configured) return;
    throw new RaglineError(
      ErrorCode.EmbedderMismatch,
      `Library "${library.library}" was built with embedder ${library.embedder.key}; this worker embeds with ${configured}. Reindex the library to change its embedder.`,
    );
  }

  private async applyDelete(
    library: Library,
    change: PendingChange,
    state: DocumentState | undefined,
    watch: Stopwatch,
  ): Promise<ApplyOutcome> {
    if (state && change.version <= state.indexedVersion) return staleOutcome(change);
    await this.deps.store.deleteDocument(storeLibraryName(library), change.documentId);
    watch.lap('store');
    return {
      documentId: change.documentId,
      version: change.version,
      status: 'completed',
      documentStatus: 'deleted',
      chunksDeleted: state?.status === 'deleted' ? 0 : (state?.chunks ?? 0),
    };
  }

  private async applyUpsert(
    library: Library,
    change: PendingChange,
    state: DocumentState | undefined,
    watch: Stopwatch,
  ): Promise<ApplyOutcome> {
    const { store } = this.deps;
    const storeName = storeLibraryName(library);
    if (state && change.version <= state.indexedVersion) return staleOutcome(change);
    const format = change.format ?? inferFormat(change.documentId);
    const contentHash = hashText(
      JSON.stringify([
        change.text,
        change.title ?? '',
        change.metadata,
        change.acl ?? null,
        format,
      ]),
    );
    if (
      state &&
      state.status !== 'deleted' &&
      state.indexedVersion >= 0 &&
      state.contentHash === contentHash
    ) {
      return {
        ...baseOutcome(change, contentHash, state.chunkHashes, state.title),
        unchanged: true,
        chunksReused: state.chunks,
      };
    }

    const parsed = parseDocument(change.text, { format });
    const title = change.title ?? parsed.title;
    const metadata = mergeMetadata(parsed.metadata, change.metadata);
    const chunks = await this.chunkerFor(library).split(change.text, { format });
    watch.lap('chunk');
    const ids = assignPointIds(storeName, change.documentId, chunks);
    const indexedHashes = state && state.status !== 'deleted' ? state.chunkHashes : [];
    const vectors = await this.vectorsFor(
      library,
      change.documentId,
      chunks,
      new Set(indexedHashes),
    );
    // Stores with their own full-text index rank text themselves: no BM25 vectors to compute.
    const sparse = store.usesSparseVectors ? this.deps.sparse : undefined;
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
    watch.lap('embed');
    await store.replaceDocument(storeName, change.documentId, points);
    watch.lap('store');

    const kept = new Set(ids);
    const previousIds = assignPointIds(
      storeName,
      change.documentId,
      indexedHashes.map((hash) => ({ contentHash: hash })),
    );
    return {
      ...baseOutcome(
        change,
        contentHash,
        chunks.map((chunk) => chunk.contentHash),
        title,
      ),
      chunksEmbedded: vectors.embedded,
      chunksReused: chunks.length - vectors.embeddedChunks,
      chunksDeleted: previousIds.filter((id) => !kept.has(id)).length,
    };
  }

  private chunkerFor(library: Library): Chunker {
    const { sizeTokens, overlapTokens } = library.chunking;
    const key = `${sizeTokens}/${overlapTokens}`;
    let chunker = this.chunkers.get(key);
    if (!chunker) {
      chunker = new Chunker({ chunkSizeTokens: sizeTokens, chunkOverlapTokens: overlapTokens });
      this.chunkers.set(key, chunker);
    }
    return chunker;
  }

  /**
   * Vectors for the new chunks, cheapest source first: the embedding cache (Redis, by content hash:
   * the document's unchanged chunks and the same text anywhere in the library), then the document's
   * stored points for unchanged chunks the cache has lost, then the embedder, once per distinct text.
   * A new document costs no store read at all.
   */
  private async vectorsFor(
    library: Library,
    documentId: string,
    chunks: Chunk[],
    indexedHashes: ReadonlySet<string>,
  ): Promise<{ dense: number[][]; embedded: number; embeddedChunks: number }> {
    const { cache, embedder, store } = this.deps;
    const space = library.embedder.key;
    const textByHash = new Map(chunks.map((chunk) => [chunk.contentHash, embeddingText(chunk)]));
    const vectors =
      (await cache?.getMany(library, space, [...textByHash.keys()])) ?? new Map<string, number[]>();

    const lost = [...textByHash.keys()].filter(
      (hash) => !vectors.has(hash) && indexedHashes.has(hash),
    );
    if (lost.length > 0) {
      const wanted = new Set(lost);
      const recovered: Array<[string, number[]]> = [];
      for (const stored of await store.getDocumentVectors(storeLibraryName(library), documentId)) {
        if (!wanted.has(stored.contentHash) || stored.vector.length === 0) continue;
        vectors.set(stored.contentHash, stored.vector);
        recovered.push([stored.contentHash, stored.vector]);
        wanted.delete(stored.contentHash);
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
function assignPointIds(
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

function baseOutcome(
  change: PendingChange,
  contentHash: string,
  chunkHashes: string[],
  title: string | undefined,
): ApplyOutcome {
  return {
    documentId: change.documentId,
    version: change.version,
    status: 'completed',
    documentStatus: 'indexed',
    contentHash,
    chunkHashes,
    title,
    acl: change.acl,
  };
}

function staleOutcome(change: PendingChange): ApplyOutcome {
  return { documentId: change.documentId, version: change.version, status: 'completed' };
}
