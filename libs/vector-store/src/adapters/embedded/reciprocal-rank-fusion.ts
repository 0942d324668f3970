import type { SearchHit } from '../../vector-store.port';

/** The usual RRF constant: damps the weight of the very first ranks. */
export const RRF_K = 60;

/**
 * Reciprocal-rank fusion of ranked hit lists: each hit scores the sum of 1 / (k + rank) over the
 * lists it appears in (rank from 1). Ties break on id so results are deterministic.
 */
export function fuseByReciprocalRank(
  lists: readonly (readonly SearchHit[])[],
  topK: number,
  k = RRF_K,
): SearchHit[] {
  const fused = new Map<string, SearchHit>();
  for (const list of lists) {
    list.forEach((hit, index) => {
      const contribution = 1 / (k + index + 1);
      const seen = fused.get(hit.id);
      fused.set(hit.id, { ...(seen ?? hit), score: (seen?.score ?? 0) + contribution });
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, topK);
}
