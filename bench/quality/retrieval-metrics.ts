/**
 * Retrieval quality metrics: the document-level definitions live with the reindex's check before
 * the swap (@ragline/reindex), so the bench and the product measure the same thing.
 */
export { ndcgAt, rankDocuments, recallAt, type Judgements } from '@ragline/reindex';

/** Arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}
