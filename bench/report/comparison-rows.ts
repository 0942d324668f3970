import type { PhaseCost } from '../phases/edit-workload.phase';
import type { EditCost, ScaleRun } from '../phases/scale.phase';
import { fmt, verdict, type ReportRow } from './report-rows';

/** Ragline against the LangChain peer, phase by phase. */
export function peerRows(ragline: readonly PhaseCost[], peer: readonly PhaseCost[]): ReportRow[] {
  const rows: ReportRow[] = [];
  ragline.forEach((ours, i) => {
    const theirs = peer[i];
    if (!theirs) return;
    rows.push({
      section: 'vs peer',
      metric: `${ours.phase}: wall time ragline / langchain`,
      value: `${fmt(ours.wallMs / 1000, 2)} s / ${fmt(theirs.wallMs / 1000, 2)} s`,
      target: '<= peer',
      status: verdict(ours.wallMs <= theirs.wallMs),
    });
    rows.push({
      section: 'vs peer',
      metric: `${ours.phase}: texts embedded ragline / langchain`,
      value: `${ours.textsEmbedded} / ${theirs.textsEmbedded} (langchain ${theirs.embedCalls} calls)`,
      target: ours.phase.startsWith('edit') ? '<= peer' : undefined,
      status: ours.phase.startsWith('edit')
        ? verdict(ours.textsEmbedded <= theirs.textsEmbedded)
        : undefined,
    });
  });
  return rows;
}

export function scaleRows(runs: readonly ScaleRun[]): ReportRow[] {
  return runs.map((run) => ({
    section: 'scale',
    metric: `${run.documents} docs, ${run.workers} worker process(es)`,
    value: `${fmt(run.docsPerSecond)} docs/s (${fmt(run.wallMs / 1000)} s), stale ${run.stale} / missing ${run.missing}`,
  }));
}

export function editCostRows(costs: readonly (EditCost | undefined)[]): ReportRow[] {
  return costs
    .filter((cost): cost is EditCost => cost !== undefined)
    .map((cost) => ({
      section: 'edit cost',
      metric: `${cost.edits} one-paragraph edits at ${cost.libraryDocuments} docs`,
      value: `${fmt(cost.wallMs / 1000, 2)} s, ${cost.textsEmbedded} texts embedded (${cost.changedChunks} changed chunks)`,
    }));
}
