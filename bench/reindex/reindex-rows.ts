import type { FreshnessResult } from '../phases/freshness.phase';
import { fmt, verdict, type ReportRow } from '../report/report-rows';
import type { ChunkingChange } from './new-chunk-texts';
import type { FreshnessUnderReindex, ReindexResult, Throughput } from './reindex-phases';

export interface ReindexBenchResult {
  ingest: Throughput;
  /** Embedder migration with nothing else running. */
  migration: { label: string; result: ReindexResult };
  chunking: { label: string; result: ReindexResult; expected: ChunkingChange };
  searchMode: { label: string; result: ReindexResult };
  baseline: FreshnessResult;
  underReindex: FreshnessUnderReindex & { label: string };
}

const rate = (t: Throughput) =>
  `${fmt(t.docsPerSecond)} docs/s, ${fmt(t.chunksPerSecond)} chunks/s (${t.documents} docs, ${t.chunks} chunks in ${fmt(t.seconds, 2)} s)`;

const latency = (f: FreshnessResult) =>
  `${fmt(f.visible.p50, 0)} / ${fmt(f.visible.p99, 0)} ms (${f.visible.count} samples; lost ${f.lost}, errors ${f.errors})`;

export function reindexRows(r: ReindexBenchResult): ReportRow[] {
  const migrated = r.migration.result;
  const under = r.underReindex;
  const p99Ratio = under.freshness.visible.p99 / r.baseline.visible.p99;
  const { embedded } = r.chunking.result.run.counts;
  const chunkRatio = embedded / Math.max(1, r.chunking.expected.newTexts);
  const modeEmbedded = r.searchMode.result.run.counts.embedded;
  return [
    {
      section: 'ingest',
      metric: 'fresh library, 202s until every event final',
      value: rate(r.ingest),
    },
    {
      section: 'reindex',
      metric: `${r.migration.label} (startedAt -> finishedAt)`,
      value: rate(migrated),
    },
    {
      section: 'reindex',
      metric: `${r.migration.label}: POST 202 -> completed seen`,
      value: `${fmt(migrated.clientSeconds, 2)} s`,
    },
    {
      section: 'reindex',
      metric: 'reindex / fresh ingest (docs/s)',
      value: `${fmt(migrated.docsPerSecond / r.ingest.docsPerSecond, 2)}x`,
    },
    { section: 'reindex', metric: `${under.label}, with live changes`, value: rate(under.reindex) },
    { section: 'freshness', metric: 'p50 / p99, no reindex', value: latency(r.baseline) },
    {
      section: 'freshness',
      metric: `p50 / p99, ${under.label} running`,
      value: `${latency(under.freshness)}; ${under.sentWhileRunning} of ${under.freshness.updates} sent while running`,
    },
    {
      section: 'freshness',
      metric: 'p99 with / without reindex',
      value: `${fmt(p99Ratio, 2)}x`,
      target: '<= 1.5x',
      status: verdict(Number.isFinite(p99Ratio) ? p99Ratio <= 1.5 : undefined),
    },
    {
      section: 'chunking',
      metric: `${r.chunking.label}: embedded / new chunk texts`,
      value: `${embedded} / ${r.chunking.expected.newTexts} = ${fmt(chunkRatio, 2)} (of ${r.chunking.expected.chunks} chunks)`,
      target: '<= 1.2',
      status: verdict(chunkRatio <= 1.2),
    },
    {
      section: 'chunking',
      metric: `${r.searchMode.label}: embedded`,
      value: String(modeEmbedded),
      target: '0',
      status: verdict(modeEmbedded === 0),
    },
  ];
}
