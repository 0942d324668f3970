import type { HistoryComparison } from '../phases/history-replay';
import type { PushFreshnessResult } from '../phases/push-freshness.phase';
import type { FinalStateDiff } from '../stats/final-state-diff';
import { fmt, verdict, type ReportRow } from './report-rows';

/** Documents differing / deleted documents present / stale chunks, with the breakdown. */
function finalState(d: FinalStateDiff): string {
  return `differ ${d.differ} of ${d.expectedDocuments} (missing ${d.missing}, extra ${d.extra}, different ${d.different}) / deleted present ${d.deletedPresent} / stale chunks ${d.staleChunks}`;
}

function exact(d: FinalStateDiff): boolean {
  return d.differ === 0 && d.deletedPresent === 0 && d.staleChunks === 0;
}

/** Push freshness, shown beside the REST freshness rows. */
export function pushFreshnessRows(p: PushFreshnessResult): ReportRow[] {
  const errors = `lost ${p.lost}, errors ${p.errors}${p.firstError ? ` (${p.firstError})` : ''}`;
  return [
    {
      section: 'freshness',
      metric: `push 202 -> every changed file searchable, ${p.pushes} pushes at ${p.offeredRate}/s (${p.files} files, sent at ${fmt(p.achievedRate)}/s)`,
      value: `p50 ${fmt(p.visible.p50, 0)} / p95 ${fmt(p.visible.p95, 0)} / p99 ${fmt(p.visible.p99, 0)} / max ${fmt(p.visible.max, 0)} ms (n ${p.visible.count}); ${errors}`,
      target: 'nothing lost',
      status: verdict(p.lost === 0 && p.errors === 0 && p.failedSyncs === 0),
    },
    {
      section: 'freshness',
      metric: 'push: webhook POST -> 202; sync runs (folded into another / failed)',
      value: `p50 ${fmt(p.accept.p50, 0)} / p99 ${fmt(p.accept.p99, 0)} ms; ${p.syncs} runs (${p.coalesced} folded / ${p.failedSyncs} failed)`,
    },
    {
      section: 'freshness',
      metric: `push: library after the last push vs the ${p.pushes} commits applied in order`,
      value: finalState(p.final),
      target: '0 / 0 / 0',
      status: verdict(exact(p.final)),
    },
  ];
}

/** Which commits were replayed: all of them, or the subset (quick mode) said as such. */
function replayedSpan(h: HistoryComparison): string {
  if (h.from === 0 && h.commits === h.historyCommits) return `all ${h.commits} commits`;
  return `subset: commits ${h.from + 1}-${h.from + h.commits} of ${h.historyCommits}`;
}

/** Ragline and the LangChain peer after the rustc-dev-guide history, in order and out of order. */
export function historyRows(h: HistoryComparison): ReportRow[] {
  return h.runs.map((run) => {
    const d = run.outcome.diff;
    const s = run.schedule;
    const disorder =
      run.order === 'in order' ? '' : `, ${s.redeliveries} redelivered, ${s.overtaken} overtaken`;
    return {
      section: 'history',
      metric: `${run.system}, ${run.order}: ${s.deliveries} pushes${disorder} (${replayedSpan(h)}, ${h.changes} changes)`,
      value: `${finalState(d)}; ${run.outcome.textsEmbedded} texts embedded; ${fmt(run.outcome.wallMs / 1000, 2)} s`,
      target: `0 / 0 / 0 (vs ${h.expectedFrom})`,
      status: verdict(exact(d)),
    };
  });
}

/** The report's note on the history phases: what was replayed, how disordered, checked against what. */
export function historyNote(h: HistoryComparison): string {
  const start = h.from > 0 ? `from the tree after commit ${h.from}` : 'from base.jsonl';
  const warning =
    h.replayMatchesFinal === false
      ? ' (WARNING: replaying the history in order does not give final.jsonl)'
      : '';
  return `history: rustc-dev-guide, ${replayedSpan(h)} ${start} (push freshness too); out of order = a window of ${h.windowChanges} changes and ${h.redeliveryShare * 100} % redeliveries (seed ${h.seed}); expected state from ${h.expectedFrom}${warning}`;
}
