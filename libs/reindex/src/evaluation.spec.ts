import { isNotWorse, meanScores, overlapAt10, scoreRanking } from './evaluation';

const hits = (...ids: string[]) => ids.map((documentId) => ({ documentId }));

describe('the check before the swap', () => {
  it('scores a perfect ranking 1 and a ranking without a relevant document 0', () => {
    expect(scoreRanking(hits('a', 'b', 'c'), ['a', 'b'])).toEqual({ ndcgAt10: 1, recallAt10: 1 });
    expect(scoreRanking(hits('x', 'y'), ['a'])).toEqual({ ndcgAt10: 0, recallAt10: 0 });
  });

  it('counts a document once, at its best chunk', () => {
    expect(scoreRanking(hits('a', 'a', 'b'), ['a', 'b']).ndcgAt10).toBeCloseTo(1);
    expect(scoreRanking(hits('x', 'x', 'b'), ['b']).ndcgAt10).toBeCloseTo(1 / Math.log2(3));
  });

  it('looks at the first 10 documents only', () => {
    const ranked = hits('1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'a');
    expect(scoreRanking(ranked, ['a']).recallAt10).toBe(0);
  });

  it('measures how much two rankings agree', () => {
    expect(overlapAt10(hits('a', 'b'), hits('b', 'a'))).toBe(1);
    expect(overlapAt10(hits('a', 'b'), hits('c', 'a'))).toBe(0.5);
    expect(overlapAt10([], [])).toBe(1);
  });

  it('is not worse within the tolerance, on both measures', () => {
    const live = { ndcgAt10: 0.8, recallAt10: 0.9 };
    expect(isNotWorse(live, { ndcgAt10: 0.8, recallAt10: 0.9 }, 0)).toBe(true);
    expect(isNotWorse(live, { ndcgAt10: 0.78, recallAt10: 0.95 }, 0.02)).toBe(true);
    expect(isNotWorse(live, { ndcgAt10: 0.78, recallAt10: 0.95 }, 0.01)).toBe(false);
    expect(isNotWorse(live, { ndcgAt10: 0.9, recallAt10: 0.5 }, 0.1)).toBe(false);
    expect(meanScores([live, { ndcgAt10: 0.6, recallAt10: 0.7 }])).toEqual({
      ndcgAt10: 0.7,
      recallAt10: 0.8,
    });
  });
});
