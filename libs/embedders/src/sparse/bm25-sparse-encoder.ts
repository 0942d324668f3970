import type { SparseEncoder, SparseTerms } from '../embedder.port';
import { bm25Tokenize, termId } from './bm25-tokenizer';

export interface Bm25Options {
  /** Term-frequency saturation. */
  k1?: number;
  /** Length normalisation strength (0: none, 1: full). */
  b?: number;
  /** The "average" document length in terms, fixed rather than measured (see the class doc). */
  avgDocLength?: number;
  /** Stemmer; Porter by default. Tests and other languages inject their own. */
  stem?: (word: string) => string;
}

/**
 * BM25 split in two for a store that applies IDF itself (Qdrant sparse vectors with
 * `modifier: idf`, which knows the corpus statistics we do not).
 *
 * Document side: each term weighs its saturated frequency
 * `tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avgDocLength))`, with `len` the document's term
 * count. `avgDocLength` is a constant (default 256, our chunk size in tokens, and chunks have
 * roughly that many terms) because a corpus average would change every stored vector as the
 * corpus grows. Query side: every distinct term weighs 1, so the store's dot product gives
 * `sum(idf * saturated tf)`, which is BM25.
 */
export class Bm25SparseEncoder implements SparseEncoder {
  readonly id: string;
  private readonly k1: number;
  private readonly b: number;
  private readonly avgDocLength: number;
  private readonly stem?: (word: string) => string;

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.avgDocLength = options.avgDocLength ?? 256;
    this.stem = options.stem;
    if (!(this.k1 >= 0) || !(this.b >= 0 && this.b <= 1) || !(this.avgDocLength > 0)) {
      throw new RangeError('BM25 needs k1 >= 0, 0 <= b <= 1 and avgDocLength > 0');
    }
    const stemmer = options.stem ? 'custom' : 'porter';
    this.id = `bm25:${stemmer}:fnv1a32:k1=${this.k1}:b=${this.b}:avg=${this.avgDocLength}`;
  }

  encodeDocument(text: string): SparseTerms {
    const terms = bm25Tokenize(text, { stem: this.stem });
    const counts = countIds(terms);
    const lengthNorm = this.k1 * (1 - this.b + (this.b * terms.length) / this.avgDocLength);
    return toSparse(counts, (tf) => (tf * (this.k1 + 1)) / (tf + lengthNorm));
  }

  encodeQuery(text: string): SparseTerms {
    const counts = countIds(bm25Tokenize(text, { stem: this.stem }));
    return toSparse(counts, () => 1);
  }
}

function countIds(terms: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const term of terms) {
    const id = termId(term);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function toSparse(counts: Map<number, number>, weight: (tf: number) => number): SparseTerms {
  const indices = [...counts.keys()].sort((x, y) => x - y);
  return { indices, values: indices.map((id) => weight(counts.get(id) ?? 0)) };
}
