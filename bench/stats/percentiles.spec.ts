import { percentileOfSorted, summarize } from './percentiles';

describe('percentileOfSorted', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('uses the nearest rank', () => {
    expect(percentileOfSorted(hundred, 50)).toBe(50);
    expect(percentileOfSorted(hundred, 99)).toBe(99);
    expect(percentileOfSorted(hundred, 100)).toBe(100);
    expect(percentileOfSorted([5], 99)).toBe(5);
  });

  it('is NaN for no samples', () => {
    expect(percentileOfSorted([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts, then reports percentiles, max and mean', () => {
    const summary = summarize([3, 1, 2, 10]);
    expect(summary).toEqual({ count: 4, p50: 2, p95: 10, p99: 10, max: 10, mean: 4 });
  });
});
