import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Library } from '@ragline/catalog';
import {
  EMBEDDER_REGISTRY,
  SPARSE_ENCODER,
  type EmbedderRegistry,
  type SparseEncoder,
} from '@ragline/embedders';
import { storeLibraryName } from '@ragline/events';
import { METRICS, type Metrics } from '@ragline/metrics';
import { VECTOR_STORE, type ReadAccess, type VectorStore } from '@ragline/vector-store';
import { mergeAdjacentChunks } from './merge-adjacent-chunks';
import { RERANKER, type Reranker } from './reranker.port';
import { FeatureNotConfiguredError } from './retrieval.errors';
import type { RetrieveRequest, RetrievedChunk, RetrievedPassage } from './retrieval.types';

/** Candidates fetched per requested result when reranking: the reranker needs room to reorder. */
const RERANK_DEPTH_FACTOR = 4;
const RERANK_MIN_CANDIDATES = 20;
const RERANK_MAX_CANDIDATES = 100;

/**
 * The query side: embed the question the way the library's live version was embedded, ask that
 * version (not the alias: the catalog says which one is live) for the chunks the reader may read, optionally rerank a deeper candidate list, drop hits under
 * the threshold, and merge neighbouring chunks.
 */
@Injectable()
export class RetrievalService {
  constructor(
    @Inject(EMBEDDER_REGISTRY) private readonly embedders: EmbedderRegistry,
    @Inject(SPARSE_ENCODER) private readonly sparse: SparseEncoder,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Optional() @Inject(RERANKER) private readonly reranker: Reranker | null = null,
  ) {}

  /** Fails before any work when the request needs a feature this deployment lacks. */
  assertSupported(request: Pick<RetrieveRequest, 'rerank'>): void {
    if (request.rerank && !this.reranker) {
      throw new FeatureNotConfiguredError(
        'rerank needs a reranker: set COHERE_API_KEY (and optionally COHERE_RERANK_MODEL)',
        'rerank',
      );
    }
  }

  /** The passages `access` may read, best first. */
  async retrieve(
    library: Library,
    request: RetrieveRequest,
    access: ReadAccess,
  ): Promise<RetrievedPassage[]> {
    this.assertSupported(request);
    const started = performance.now();
    const depth = request.rerank
      ? Math.min(
          RERANK_MAX_CANDIDATES,
          Math.max(request.topK * RERANK_DEPTH_FACTOR, RERANK_MIN_CANDIDATES),
        )
      : request.topK;
    let chunks = await this.search(library, request, access, depth);
    if (request.rerank && this.reranker) chunks = await this.rerank(request, chunks);
    if (request.scoreThreshold !== undefined) {
      const threshold = request.scoreThreshold;
      chunks = chunks.filter((chunk) => chunk.score >= threshold);
    }
    const passages = mergeAdjacentChunks(chunks);
    this.metrics.query(
      library,
      request.mode ?? library.searchMode,
      (performance.now() - started) / 1000,
    );
    return passages;
  }

  private async search(
    library: Library,
    request: RetrieveRequest,
    access: ReadAccess,
    topK: number,
  ): Promise<RetrievedChunk[]> {
    const mode = request.mode ?? library.searchMode;
    // The live version's own embedder: a query compared with unlike vectors would rank noise.
    const embedder =
      mode === 'sparse' ? undefined : await this.embedders.forKey(library.embedder.key);
    const hits = await this.store.search(
      storeLibraryName(library),
      {
        topK,
        mode,
        vector: await embedder?.embedQuery(request.query),
        sparse:
          mode === 'dense' || !this.store.usesSparseVectors
            ? undefined
            : this.sparse.encodeQuery(request.query),
        text: request.query,
        filter: request.filter,
      },
      access,
      library.version,
    );
    return hits.map((hit) => ({
      documentId: hit.documentId,
      chunkId: hit.id,
      chunkIndex: hit.chunkIndex,
      text: hit.text,
      score: hit.score,
      title: hit.title,
      source: hit.source,
      version: hit.version,
      metadata: hit.metadata,
      ...(hit.context === undefined ? {} : { context: hit.context }),
    }));
  }

  /** Scores become the reranker's relevance, so `scoreThreshold` then applies to those. */
  private async rerank(request: RetrieveRequest, chunks: RetrievedChunk[]) {
    const reranker = this.reranker as Reranker;
    const ranked = await reranker.rerank(
      request.query,
      chunks.map((chunk) => (chunk.title ? `${chunk.title}\n${chunk.text}` : chunk.text)),
      request.topK,
    );
    return ranked.map((result) => ({ ...chunks[result.index], score: result.score }));
  }
}
