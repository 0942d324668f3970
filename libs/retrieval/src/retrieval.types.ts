import type { Metadata } from '@ragline/events';
import type { PointFilter, SearchMode } from '@ragline/vector-store';

export interface RetrieveRequest {
  query: string;
  topK: number;
  filter?: PointFilter;
  mode?: SearchMode;
  /**
   * Drops hits scoring below this. Scores are mode-specific: dense cosine (-1..1), BM25 (0..∞),
   * hybrid reciprocal-rank fusion (≤ 2/61 ≈ 0.033), or, with `rerank`, Cohere relevance (0..1).
   */
  scoreThreshold?: number;
  /** Retrieve a deeper candidate list and let the reranker pick the best `topK`. */
  rerank?: boolean;
}

/** One stored chunk, as the store returned it. */
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
  /** The heading path of the chunk's section, when its document has headings. */
  context?: string;
}

/**
 * One result: a chunk, or a run of neighbouring chunks of one document retrieved together, joined
 * without their shared overlap; `score` is the best of theirs.
 */
export interface RetrievedPassage extends RetrievedChunk {
  /** Every chunk in the passage, in document order; `chunkId` is the first. */
  chunkIds: string[];
  chunkIndexes: number[];
}
