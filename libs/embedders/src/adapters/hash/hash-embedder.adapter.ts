import { termId } from '../../sparse/bm25-tokenizer';
import type { Embedder, EmbedderId } from '../../embedder.port';

const TOKEN = /[\p{L}\p{N}]+/gu;

/**
 * Deterministic feature-hashing embedder: each lower-cased word (and each pair of neighbouring
 * words) adds ±1 to a hashed dimension, and the vector is L2-normalised. No model, no I/O, the
 * same text always gives the same vector, so it is what tests and throughput benchmarks use.
 * Retrieval with it is lexical (shared words), not semantic.
 */
export class HashEmbedder implements Embedder {
  readonly id: EmbedderId;
  readonly maxBatchSize = 1024;

  constructor(readonly dimensions: number) {
    this.id = { kind: 'hash', model: 'feature-hashing-v2', dimensions };
  }

  async embedDocuments(texts: readonly string[]): Promise<number[][]> {
    return texts.map((text) => this.embed(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  async close(): Promise<void> {}

  private embed(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    const words = text.toLowerCase().match(TOKEN) ?? [];
    for (let i = 0; i < words.length; i++) {
      this.add(vector, words[i], 1);
      if (i > 0) this.add(vector, `${words[i - 1]} ${words[i]}`, 0.5);
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm);
    // An empty or symbol-only text still gets a valid unit vector, so cosine stays defined.
    if (norm === 0) {
      vector[0] = 1;
      norm = 1;
    }
    return Array.from(vector, (value) => value / norm);
  }

  private add(vector: Float64Array, feature: string, weight: number): void {
    // FNV-1a (the BM25 term id): two orders of magnitude cheaper than a crypto digest per token.
    const hash = termId(feature);
    const sign = hash & 0x80000000 ? 1 : -1;
    vector[hash % this.dimensions] += sign * weight;
  }
}
