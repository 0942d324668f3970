/** One reranked candidate: its position in the input list and its relevance (higher is better). */
export interface RerankResult {
  index: number;
  score: number;
}

/**
 * Reorders candidate passages by relevance to the query with a cross-encoder. Implemented by
 * Cohere rerank (`POST /v2/rerank`). Throws `RerankerRateLimitedError` (429, Retry-After kept) or
 * `RerankerUnavailableError` (anything else).
 */
export interface Reranker {
  readonly model: string;
  /** The best `topN` candidates, best first. */
  rerank(query: string, documents: string[], topN: number): Promise<RerankResult[]>;
}

/** Provides a Reranker, or `null` when none is configured (COHERE_API_KEY unset). */
export const RERANKER = Symbol('RERANKER');
