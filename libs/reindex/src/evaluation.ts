import type { VersionScores } from './reindex-run';
import { ndcgAt, rankDocuments, recallAt, type Judgements } from './retrieval-metrics';

export const EVAL_DEPTH = 10;

/** nDCG@10 and Recall@10 of one ranking of chunk hits (a document counts at its best chunk). */
export function scoreRanking(
  hits: readonly { documentId: string }[],
  relevant: readonly string[],
): VersionScores {
  const judgements: Judgements = new Map(relevant.map((id) => [id, 1]));
  const ranking = rankDocuments(hits);
  return {
    ndcgAt10: ndcgAt(ranking, judgements, EVAL_DEPTH),
    recallAt10: recallAt(ranking, judgements, EVAL_DEPTH),
  };
}

/** Share of the first 10 documents two rankings of chunk hits have in common. */
export function overlapAt10(
  a: readonly { documentId: string }[],
  b: readonly { documentId: string }[],
): number {
  const left = rankDocuments(a).slice(0, EVAL_DEPTH);
  const right = new Set(rankDocuments(b).slice(0, EVAL_DEPTH));
  const size = Math.max(left.length, right.size);
  if (size === 0) return 1;
  return left.filter((id) => right.has(id)).length / size;
}

/** Mean scores over queries, rounded to 4 places for people. */
export function meanScores(scores: readonly VersionScores[]): VersionScores {
  const n = Math.max(1, scores.length);
  const sum = (pick: (s: VersionScores) => number) =>
    Math.round((scores.reduce((total, s) => total + pick(s), 0) / n) * 10_000) / 10_000;
  return { ndcgAt10: sum((s) => s.ndcgAt10), recallAt10: sum((s) => s.recallAt10) };
}

/** Not worse: within `tolerance` of the live version on both measures. */
export function isNotWorse(
  live: VersionScores,
  candidate: VersionScores,
  tolerance: number,
): boolean {
  const epsilon = 1e-9;
  return (
    candidate.ndcgAt10 + tolerance + epsilon >= live.ndcgAt10 &&
    candidate.recallAt10 + tolerance + epsilon >= live.recallAt10
  );
}
