import type { BeirDataset } from './beir-dataset';
import type { SearchMode } from './quality-args';
import type { RaglineClient } from './ragline-client';
import { mean, ndcgAt, percentile, rankDocuments, recallAt } from './retrieval-metrics';

export interface ModeResult {
  mode: SearchMode;
  queries: number;
  ndcgAt10: number;
  recallAt100: number;
  /** Client-side wall time of POST /v1/query, queries sent one at a time. */
  latencyMs: { p50: number; p99: number; mean: number };
  /** Distinct documents per answer: topK counts chunks, so fewer than topK documents come back. */
  meanDocumentsReturned: number;
  perQuery: { queryId: string; ndcgAt10: number; recallAt100: number }[];
}

/** Runs the judged queries through POST /v1/query in one mode and scores whole documents. */
export async function evaluateMode(
  client: RaglineClient,
  dataset: BeirDataset,
  mode: SearchMode,
  options: { topK: number; limitQueries?: number },
): Promise<ModeResult> {
  const queries = dataset.queries.slice(0, options.limitQueries ?? dataset.queries.length);
  // A few unscored warm-up queries, so the first measured one does not pay for cold caches.
  for (const query of queries.slice(0, 3)) await client.query(query.text, options.topK, mode);
  const latencies: number[] = [];
  const perQuery: ModeResult['perQuery'] = [];
  let documentsReturned = 0;
  for (const query of queries) {
    const judgements = dataset.qrels.get(query.id);
    if (!judgements) continue;
    const started = performance.now();
    const hits = await client.query(query.text, options.topK, mode);
    latencies.push(performance.now() - started);
    const ranking = rankDocuments(hits);
    documentsReturned += ranking.length;
    perQuery.push({
      queryId: query.id,
      ndcgAt10: ndcgAt(ranking, judgements, 10),
      recallAt100: recallAt(ranking, judgements, 100),
    });
  }
  return {
    mode,
    queries: perQuery.length,
    ndcgAt10: mean(perQuery.map((q) => q.ndcgAt10)),
    recallAt100: mean(perQuery.map((q) => q.recallAt100)),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      mean: round(mean(latencies)),
    },
    meanDocumentsReturned: round(documentsReturned / Math.max(1, perQuery.length)),
    perQuery,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
