import { Bm25SparseEncoder } from './bm25-sparse-encoder';
import { bm25Tokenize, termId } from './bm25-tokenizer';
import { porterStem } from './porter-stem';

const identity = (word: string) => word;

describe('termId', () => {
  it('is 32-bit FNV-1a (published test vectors)', () => {
    expect(termId('')).toBe(0x811c9dc5);
    expect(termId('a')).toBe(0xe40c292c);
    expect(termId('foobar')).toBe(0xbf9cf968);
  });
});

describe('bm25Tokenize', () => {
  it('lower-cases, splits on non-letters, drops stop words and apostrophes', () => {
    const terms = bm25Tokenize("The user's Redis_queue IS durable, and FAST!", { stem: identity });
    expect(terms).toEqual(['users', 'redis', 'queue', 'durable', 'fast']);
  });

  it('drops over-long words (hashes, base64)', () => {
    expect(bm25Tokenize(`sha ${'a'.repeat(41)}`, { stem: identity })).toEqual(['sha']);
  });
});

describe('Bm25SparseEncoder', () => {
  it('weighs document terms by saturated, length-normalised frequency', () => {
    // len = 3 = avgDocLength, so the length factor is 1: tf * 2.2 / (tf + 1.2)
    const encoder = new Bm25SparseEncoder({ avgDocLength: 3, stem: identity });
    const vector = encoder.encodeDocument('cat cat dog');
    const weights = new Map(vector.indices.map((id, i) => [id, vector.values[i]]));
    expect(weights.get(termId('cat'))).toBeCloseTo(4.4 / 3.2, 12); // 1.375
    expect(weights.get(termId('dog'))).toBeCloseTo(1, 12);
  });

  it('uses k1 = 1.2, b = 0.75 and avgDocLength = 256 by default', () => {
    // length factor: 1.2 * (0.25 + 0.75 * 3 / 256) = 0.310546875
    const vector = new Bm25SparseEncoder({ stem: identity }).encodeDocument('cat cat dog');
    const weights = new Map(vector.indices.map((id, i) => [id, vector.values[i]]));
    expect(weights.get(termId('cat'))).toBeCloseTo(4.4 / 2.310546875, 12); // ~1.904311
    expect(weights.get(termId('dog'))).toBeCloseTo(2.2 / 1.310546875, 12); // ~1.678688
  });

  it('gives each distinct query term weight 1 (the store applies IDF)', () => {
    const vector = new Bm25SparseEncoder({ stem: identity }).encodeQuery('dog cat dog');
    expect(vector.indices).toEqual([termId('cat'), termId('dog')].sort((a, b) => a - b));
    expect(vector.values).toEqual([1, 1]);
  });

  it('returns ascending, unique indices and an empty vector for empty text', () => {
    const encoder = new Bm25SparseEncoder({ stem: identity });
    const { indices } = encoder.encodeDocument('zeta alpha mu alpha beta zeta omega');
    expect(indices).toEqual([...new Set(indices)].sort((a, b) => a - b));
    expect(encoder.encodeDocument('the and of')).toEqual({ indices: [], values: [] });
  });

  it('rejects impossible parameters', () => {
    expect(() => new Bm25SparseEncoder({ b: 2 })).toThrow(RangeError);
  });

  describe('with the Porter stemmer', () => {
    it('stems with Porter', () => {
      expect(porterStem('running')).toBe('run');
    });

    it('matches inflected forms between query and document', () => {
      const encoder = new Bm25SparseEncoder();
      const document = encoder.encodeDocument('Queues are indexing the documents');
      const query = encoder.encodeQuery('queue indexed document');
      expect(query.indices.every((id) => document.indices.includes(id))).toBe(true);
      expect(encoder.id).toBe('bm25:porter:fnv1a32:k1=1.2:b=0.75:avg=256');
    });
  });
});
