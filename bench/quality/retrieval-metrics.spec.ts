import { mean, ndcgAt, percentile, rankDocuments, recallAt } from './retrieval-metrics';

/** Hand-computed: judgements A=2, B=1, C=1 (graded); B is never retrieved. */
const judgements = new Map([
  ['A', 2],
  ['B', 1],
  ['C', 1],
]);

/** Chunk hits, best first: documents X and A each have two chunks in the list. */
const chunkHits = ['X', 'A', 'X', 'A', 'C', 'Z'].map((documentId) => ({ documentId }));

describe('retrieval metrics', () => {
  it('keeps each document at its best chunk', () => {
    expect(rankDocuments(chunkHits)).toEqual(['X', 'A', 'C', 'Z']);
  });

  it('computes nDCG@10 with graded gains and the ideal from the judgements', () => {
    // DCG  = 0/log2(2) + 2/log2(3) + 1/log2(4) + 0/log2(5)      = 1.7618595
    // IDCG = 2/log2(2) + 1/log2(3) + 1/log2(4) (A, B, C ideally) = 3.1309298
    expect(ndcgAt(rankDocuments(chunkHits), judgements, 10)).toBeCloseTo(0.5627273, 6);
    // Unmapped chunk ranks would put C at rank 5 instead of 3: a different (wrong) score.
    const chunkLevel = chunkHits.map((hit) => hit.documentId);
    expect(ndcgAt(chunkLevel, judgements, 10)).not.toBeCloseTo(0.5627273, 3);
  });

  it('computes Recall@100 as relevant retrieved over relevant', () => {
    expect(recallAt(rankDocuments(chunkHits), judgements, 100)).toBeCloseTo(2 / 3, 10);
    expect(recallAt(rankDocuments(chunkHits), judgements, 2)).toBeCloseTo(1 / 3, 10);
  });

  it('ignores what lies past the cut-off and non-positive judgements', () => {
    const ranking = [...Array.from({ length: 10 }, (_, i) => `n${i}`), 'R'];
    const one = new Map([
      ['R', 1],
      ['n0', 0],
    ]);
    expect(ndcgAt(ranking, one, 10)).toBe(0);
    expect(ndcgAt(ranking, one, 11)).toBeCloseTo(1 / Math.log2(12), 10);
    expect(recallAt(ranking, one, 10)).toBe(0);
    expect(recallAt(ranking, one, 100)).toBe(1);
  });

  it('scores a perfect ranking 1 and an empty one 0', () => {
    expect(ndcgAt(['A', 'B', 'C'], judgements, 10)).toBeCloseTo(1, 10);
    expect(ndcgAt(['A', 'C', 'B'], judgements, 10)).toBeCloseTo(1, 10);
    expect(ndcgAt([], judgements, 10)).toBe(0);
    expect(recallAt([], judgements, 100)).toBe(0);
  });

  it('summarises with the mean and nearest-rank percentiles', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(latencies, 50)).toBe(50);
    expect(percentile(latencies, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });
});
