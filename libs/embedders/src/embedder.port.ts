/** Term ids (ascending, unique) and their weights: what a sparse encoder makes of a text. */
export interface SparseTerms {
  indices: number[];
  values: number[];
}

/** What identifies an embedding space: vectors from two embedders with different ids never mix. */
export interface EmbedderId {
  kind: string;
  model: string;
  dimensions: number;
}

export function embedderKey(id: EmbedderId): string {
  return `${id.kind}:${id.model}:${id.dimensions}`;
}

/**
 * Turns text into dense vectors. Documents and queries are separate calls because some models
 * (Cohere's `input_type`) embed them differently. Implementations batch internally up to
 * `maxBatchSize` and return vectors in input order; they throw RaglineErrors whose `retryable`
 * flag tells the worker whether to try again.
 */
export interface Embedder {
  readonly id: EmbedderId;
  /** Largest number of texts sent to the model in one call. */
  readonly maxBatchSize: number;
  embedDocuments(texts: readonly string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
  /** Releases threads, sockets or model memory. */
  close(): Promise<void>;
}

export const EMBEDDER = Symbol('EMBEDDER');
/** Every embedder of the process by embedding space (see EmbedderRegistry). */
export const EMBEDDER_REGISTRY = Symbol('EMBEDDER_REGISTRY');

/** Lexical encoder (BM25 term weights) producing the sparse side of hybrid search. */
export interface SparseEncoder {
  readonly id: string;
  encodeDocument(text: string): SparseTerms;
  encodeQuery(text: string): SparseTerms;
}

export const SPARSE_ENCODER = Symbol('SPARSE_ENCODER');
