import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { EMBEDDER, SPARSE_ENCODER, type Embedder, type SparseEncoder } from '@ragline/embedders';
import type { Metadata } from '@ragline/events';
import {
  VECTOR_STORE,
  type PointFilter,
  type SearchMode,
  type VectorStore,
} from '@ragline/vector-store';

export interface RetrieveRequest {
  query: string;
  topK: number;
  filter?: PointFilter;
  mode?: SearchMode;
}

export interface RetrievedChunk {
  documentId: string;
  chunkId: string;
  chunkIndex: number;
  text: string;
  score: number;
  title?: string;
  source: string;
  version: number;
  metadata: Metadata;
}

/** The query side: embed the question the way chunks were embedded, then ask the store. */
@Injectable()
export class RetrievalService {
  constructor(
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    @Inject(SPARSE_ENCODER) private readonly sparse: SparseEncoder,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async retrieve(request: RetrieveRequest): Promise<RetrievedChunk[]> {
    const mode = request.mode ?? this.config.DEFAULT_SEARCH_MODE;
    const hits = await this.store.search(this.config.LIBRARY_NAME, {
      topK: request.topK,
      mode,
      vector: mode === 'sparse' ? undefined : await this.embedder.embedQuery(request.query),
      sparse: mode === 'dense' ? undefined : this.sparse.encodeQuery(request.query),
      text: request.query,
      filter: request.filter,
    });
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
    }));
  }
}
