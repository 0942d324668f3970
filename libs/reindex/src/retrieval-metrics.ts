/**
 * Retrieval quality metrics with the standard (trec_eval / BEIR) definitions, on whole documents.
 * Ragline answers with chunks; `rankDocuments` folds them into a document ranking first.
 */

/** Graded relevance judgements of one query: document id -> relevance (> 0 means relevant). */
export type Judgements = ReadonlyMap<string, number>;

/**
 * Chunk hits (best first) -> document ids (best first). A document scores as its best chunk, so
 * the first occurrence of each document keeps its place and later ones are dropped.
 */
export function rankDocuments(hits: readonly { documentId: string }[]): string[] {
  const seen = new Set<string>();
  const ranking: string[] = [];
  for (const { documentId } of hits) {
    if (seen.has(documentId)) continue;
    seen.add(documentId);
    ranking.push(documentId);
  }
  return ranking;
}

/** DCG@k with linear gain (gain = rel) and discount log2(rank + 1), ranks from 1. */
function dcg(gains: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, gains.length); i++) sum += gains[i] / Math.log2(i + 2);
  return sum;
}

/** nDCG@k: DCG of the ranking over the ideal DCG built from the judgements themselves. */
export function ndcgAt(ranking: readonly string[], judgements: Judgements, k: number): number {
  const ideal = dcg(
    [...judgements.values()].filter((rel) => rel > 0).sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 0;
  const gains = ranking.slice(0, k).map((id) => Math.max(0, judgements.get(id) ?? 0));
  return dcg(gains, k) / ideal;
}

/** Recall@k: relevant documents in the top k over all relevant documents. */
export function recallAt(ranking: readonly string[], judgements: Judgements, k: number): number {
  const relevant = [...judgements.values()].filter((rel) => rel > 0).length;
  if (relevant === 0) return 0;
  const found = ranking.slice(0, k).filter((id) => (judgements.get(id) ?? 0) > 0).length;
  return found / relevant;
}
