import { performance } from 'node:perf_hooks';
import type { Chunk, Chunker } from '@ragline/chunking';
import { hashText } from '@ragline/chunking';
import type { Embedder, SparseEncoder } from '@ragline/embedders';
import type {
  DocumentRegistry,
  PendingChange,
  DocumentState,
  ApplyOutcome,
} from '@ragline/registry';
import type { ChunkPoint, VectorStore } from '@ragline/vector-store';
import { pointId } from '@ragline/vector-store';
import { describeError, isRaglineError } from '@ragline/errors';
import type { EmbeddingCache } from './embedding-cache';

export interface DocumentSyncDeps {
  registry: DocumentRegistry;
  store: VectorStore;
  embedder: Embedder;
  /** BM25 encoder for the sparse side of hybrid search, when the library has one. */
  sparse?: SparseEncoder;
  chunker: Chunker;
  library: string;
  /** Vectors by content hash across documents; without it only the document's own points are reused. */
  cache?: EmbeddingCache;
}

/** What one sync did, for logs and job return values. */
export interface SyncResult {
  documentId: string;
  version?: number;
  /** `idle`: nothing pending (an earlier job already applied it). `stale`: a newer version won. */
  result: 'applied' | 'unchanged' | 'deleted' | 'stale' | 'idle';
  chunksEmbedded: number;
  chunksReused: number;
  chunksDeleted: number;
  /** Milliseconds spent per stage, for logs: where a slow sync spent its time. */
  timings?: SyncTimings;
}

/** Per-stage wall time of one sync, ms. Stages that did not run are absent. */
export interface SyncTimings {
  /** Registry: take the pending change and read the document's indexed state. */
  registry?: number;
  chunk?: number;
  /** Cache lookups, store recovery and embedder calls. */
  embed?: number;
  /** The store write (for the embedded store: waiting for and riding a group commit). */
  store?: number;
  /** Registry: the conditional commit that makes the events `completed`. */
  commit?: number;
  total?: number;
}

/**
 * Brings one document in the library up to its newest accepted change:
 * parse -> chunk -> reuse unchanged chunks' vectors -> embed the rest -> replace in one store commit
 * -> record the outcome. Safe to run again after a crash at any step: point ids are deterministic
 * and the registry commit is conditional on the version.
 */
export class DocumentSyncService {
  constructor(private readonly deps: DocumentSyncDeps) {}

  /**
   * @param options.finalAttempt when true (or when the error is not retryable), a failure is
   *   recorded on the document and its events before the error is rethrown.
   */
  async sync(documentId: string, options: { finalAttempt?: boolean } = {}): Promise<SyncResult> {
    const { registry } = this.deps;
    const watch = new Stopwatch();
    const change = await registry.activate(documentId);
    if (!change)
      return { documentId, result: 'idle', chunksEmbedded: 0, chunksReused: 0, chunksDeleted: 0 };
    let outcome: ApplyOutcome;
    try {
      const state = await registry.getDocument(documentId);
      watch.lap('registry');
      outcome =
        change.kind === 'delete'
          ? await this.applyDelete(change, state, watch)
          : await this.applyUpsert(change, state, watch);
    } catch (error) {
      if (options.finalAttempt || !isRetryable(error)) {
        await registry.commit({
          documentId,
          version: change.version,
          status: 'failed',
          error: describeError(error),
        });
      }
      throw error;
    }
    const committed = await registry.commit(outcome);
    watch.lap('commit');
    return {
      documentId,
      version: change.version,
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

  private async applyDelete(
    change: PendingChange,
    state: DocumentState | undefined,
    watch: Stopwatch,
  ): Promise<ApplyOutcome> {
    const { store, library } = this.deps;
    if (state && change.version <= state.indexedVersion) return staleOutcome(change);
    await store.deleteDocument(library, change.documentId);
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
    change: PendingChange,
    state: DocumentState | undefined,
    watch: Stopwatch,
  ): Promise<ApplyOutcome> {
    const { store, library } = this.deps;
    if (state && change.version <= state.indexedVersion) return staleOutcome(change);
    const contentHash = hashText(
      JSON.stringify([change.text, change.title ?? '', change.metadata]),
    );
    if (
      state &&
      state.status !== 'deleted' &&
      state.indexedVersion >= 0 &&
      state.contentHash === contentHash
    ) {
      return {
        ...baseOutcome(change, contentHash, state.chunkHashes),
        unchanged: true,
        chunksReused: state.chunks,
      };
    }

    const chunks = await this.deps.chunker.split(change.text);
    watch.lap('chunk');
    const ids = assignPointIds(library, change.documentId, chunks);
    const indexedHashes = state && state.status !== 'deleted' ? state.chunkHashes : [];
    const vectors = await this.vectorsFor(change.documentId, chunks, new Set(indexedHashes));
    // Stores with their own full-text index rank text themselves: no BM25 vectors to compute.
    const sparse = store.usesSparseVectors ? this.deps.sparse : undefined;
    const points: ChunkPoint[] = chunks.map((chunk, i) => ({
      id: ids[i],
      documentId: change.documentId,
      chunkIndex: chunk.index,
      text: chunk.text,
      contentHash: chunk.contentHash,
      version: change.version,
      title: change.title,
      source: change.source,
      metadata: change.metadata,
      vector: vectors.dense[i],
      sparse: sparse?.encodeDocument(chunk.text),
    }));
    watch.lap('embed');
    await store.replaceDocument(library, change.documentId, points);
    watch.lap('store');

    const kept = new Set(ids);
    const previousIds = assignPointIds(
      library,
      change.documentId,
      indexedHashes.map((hash) => ({ contentHash: hash })),
    );
    return {
      ...baseOutcome(
        change,
        contentHash,
        chunks.map((chunk) => chunk.contentHash),
      ),
      chunksEmbedded: vectors.embedded,
      chunksReused: chunks.length - vectors.embeddedChunks,
      chunksDeleted: previousIds.filter((id) => !kept.has(id)).length,
    };
  }

  /**
   * Vectors for the new chunks, cheapest source first: the embedding cache (Redis, by content hash:
   * the document's unchanged chunks and the same text anywhere in the library), then the document's
   * stored points for unchanged chunks the cache has lost, then the embedder, once per distinct text.
   * A new document costs no store read at all.
   */
  private async vectorsFor(
    documentId: string,
    chunks: Chunk[],
    indexedHashes: ReadonlySet<string>,
  ): Promise<{ dense: number[][]; embedded: number; embeddedChunks: number }> {
    const { cache, embedder, store, library } = this.deps;
    const textByHash = new Map(chunks.map((chunk) => [chunk.contentHash, chunk.text]));
    const vectors = (await cache?.getMany([...textByHash.keys()])) ?? new Map<string, number[]>();

    const lost = [...textByHash.keys()].filter(
      (hash) => !vectors.has(hash) && indexedHashes.has(hash),
    );
    if (lost.length > 0) {
      const wanted = new Set(lost);
      const recovered: Array<[string, number[]]> = [];
      for (const stored of await store.getDocumentVectors(library, documentId)) {
        if (!wanted.has(stored.contentHash) || stored.vector.length === 0) continue;
        vectors.set(stored.contentHash, stored.vector);
        recovered.push([stored.contentHash, stored.vector]);
        wanted.delete(stored.contentHash);
      }
      await cache?.setMany(recovered);
    }

    const pending = [...textByHash.entries()].filter(([hash]) => !vectors.has(hash));
    for (let start = 0; start < pending.length; start += embedder.maxBatchSize) {
      const batch = pending.slice(start, start + embedder.maxBatchSize);
      const embedded = await embedder.embedDocuments(batch.map(([, text]) => text));
      batch.forEach(([hash], j) => vectors.set(hash, embedded[j]));
      await cache?.setMany(batch.map(([hash], j) => [hash, embedded[j]]));
    }
    const embeddedHashes = new Set(pending.map(([hash]) => hash));
    return {
      dense: chunks.map((chunk) => vectors.get(chunk.contentHash) ?? []),
      embedded: pending.length,
      embeddedChunks: chunks.filter((chunk) => embeddedHashes.has(chunk.contentHash)).length,
    };
  }
}

/** Accumulates the wall time between laps under the stage names of SyncTimings. */
class Stopwatch {
  private readonly started = performance.now();
  private last = this.started;
  private readonly timings: SyncTimings = {};

  lap(stage: Exclude<keyof SyncTimings, 'total'>): void {
    const now = performance.now();
    this.timings[stage] = round((this.timings[stage] ?? 0) + now - this.last);
    this.last = now;
  }

  done(): SyncTimings {
    return { ...this.timings, total: round(performance.now() - this.started) };
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
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
): ApplyOutcome {
  return {
    documentId: change.documentId,
    version: change.version,
    status: 'completed',
    documentStatus: 'indexed',
    contentHash,
    chunkHashes,
    title: change.title,
  };
}

function staleOutcome(change: PendingChange): ApplyOutcome {
  return { documentId: change.documentId, version: change.version, status: 'completed' };
}

/** Unknown errors (bugs, I/O) are retried; domain errors say for themselves. */
export function isRetryable(error: unknown): boolean {
  return isRaglineError(error) ? error.retryable : true;
}
