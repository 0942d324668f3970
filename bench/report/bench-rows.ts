import type { BenchOptions } from '../cli/bench-options';
import type { Ceilings } from '../ceilings/ceilings.phase';
import type { MainRunResult } from '../phases/main-run.phase';
import type { PhaseCost } from '../phases/edit-workload.phase';
import { fmt, verdict, type ReportRow } from './report-rows';
import { revocationRows } from './revocation-rows';

/** The main run's figures (ingest, ceilings, freshness, revocation, queries, memory) and targets. */
export function mainRows(
  options: BenchOptions,
  main: MainRunResult,
  ceilings?: Ceilings,
): ReportRow[] {
  const rows: ReportRow[] = [];
  const ingest = main.ingest;
  const docsPerSecond = (ingest.documents * 1000) / ingest.wallMs;
  rows.push({
    section: 'ingest',
    metric: `${ingest.documents} docs (${main.chunks} chunks), 1 worker x ${options.workerConcurrency}`,
    value: `${fmt(docsPerSecond)} docs/s, ${fmt((main.chunks * 1000) / ingest.wallMs)} chunks/s (${fmt(ingest.wallMs / 1000)} s; 202s in ${fmt(ingest.acceptMs / 1000)} s)`,
  });
  if (ceilings) {
    const c = ceilings.docsPerSecond;
    rows.push({
      section: 'ceiling',
      metric: 'BullMQ empty jobs (same Redis, concurrency)',
      value: `${fmt(ceilings.queue.perSecond)} jobs/s`,
    });
    rows.push({
      section: 'ceiling',
      metric: 'store replaceDocument (same points, concurrency)',
      value: `${fmt(c.store)} docs/s, ${fmt(ceilings.store.chunksPerSecond)} chunks/s`,
    });
    rows.push({
      section: 'ceiling',
      metric: `embedder ${options.embedder} (same chunks, batch, threads)`,
      value: `${fmt(ceilings.embedder.perSecond)} texts/s = ${fmt(c.embedder)} docs/s`,
    });
    if (options.embedder === 'local') {
      const fraction = docsPerSecond / c.embedder;
      rows.push({
        section: 'ingest',
        metric: 'ingest / raw embedder',
        value: `${fmt(fraction * 100)}%`,
        target: '>= 80%',
        status: verdict(fraction >= 0.8),
      });
    } else {
      const lower = Math.min(c.queue, c.store);
      const fraction = docsPerSecond / lower;
      const which = lower === c.store ? 'store' : 'queue';
      rows.push({
        section: 'ingest',
        metric: `ingest / lower ceiling (${which})`,
        value: `${fmt(fraction * 100)}%`,
        target: '>= 50%',
        status: verdict(fraction >= 0.5),
      });
    }
  }
  const f = main.freshness;
  if (f) {
    rows.push({
      section: 'freshness',
      metric: `202 -> visible, ${f.offeredRate}/s for ${f.seconds} s (${f.updates} updates, sent at ${fmt(f.achievedRate)}/s)`,
      value: `p50 ${fmt(f.visible.p50, 0)} / p95 ${fmt(f.visible.p95, 0)} / p99 ${fmt(f.visible.p99, 0)} / max ${fmt(f.visible.max, 0)} ms; lost ${f.lost}, errors ${f.errors}${f.firstError ? ` (${f.firstError})` : ''}`,
      target: 'p99 < 250 ms',
      status: verdict(f.visible.p99 < 250 && f.lost === 0 && f.errors === 0),
    });
    rows.push({
      section: 'freshness',
      metric: 'PUT -> 202 under that load',
      value: `p50 ${fmt(f.accept.p50, 0)} / p99 ${fmt(f.accept.p99, 0)} ms`,
    });
  }
  if (main.revocation) rows.push(...revocationRows(main.revocation));
  for (const cell of main.queries) {
    // The target is set at 10k chunks, one client; larger libraries are reported, not judged.
    const judged = cell.concurrency === 1 && cell.chunks <= 10_000;
    rows.push({
      section: 'query',
      metric: `${cell.mode}, ${cell.concurrency} client(s), ${cell.chunks} chunks, ${options.embedder}`,
      value: `p50 ${fmt(cell.latency.p50)} / p99 ${fmt(cell.latency.p99)} ms, ${fmt(cell.queriesPerSecond)} q/s${cell.errors ? `, ${cell.errors} errors` : ''}`,
      target: judged ? 'p50 < 20 ms' : undefined,
      status: judged ? verdict(cell.latency.p50 < 20) : undefined,
    });
  }
  const rss = main.rss;
  rows.push({
    section: 'memory',
    metric: 'peak RSS (VmHWM) api / worker',
    value: `${fmt(rss.apiMiB ?? NaN, 0)} / ${rss.workerMiB.map((m) => fmt(m ?? NaN, 0)).join(', ')} MiB`,
  });
  return rows;
}

/** Per-phase rows of one system's workload costs. */
export function phaseRows(system: string, phases: readonly PhaseCost[]): ReportRow[] {
  return phases.map((p) => ({
    section: `${system}`,
    metric: `${p.phase} (${p.documents} docs)`,
    value: `${fmt(p.wallMs / 1000, 2)} s, ${p.embedCalls === undefined ? '' : `${p.embedCalls} embed calls, `}${p.textsEmbedded} texts embedded, stale ${p.stale} / missing ${p.missing} of ${p.expectedChunks}`,
    target: 'zero stale/missing',
    status: verdict(p.stale === 0 && p.missing === 0),
  }));
}
