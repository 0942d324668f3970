import type { HistoryComparison, ReplayRun } from '../phases/history-replay';
import type { FinalStateDiff } from '../stats/final-state-diff';
import { historyNote, historyRows } from './source-rows';

const exact: FinalStateDiff = {
  expectedDocuments: 245,
  storedDocuments: 245,
  missing: 0,
  extra: 0,
  different: 0,
  differ: 0,
  deletedPresent: 0,
  staleChunks: 0,
  extraChunks: 0,
  expectedChunks: 900,
  storedChunks: 900,
};
const run = (order: ReplayRun['order'], diff: FinalStateDiff): ReplayRun => ({
  system: 'langchain',
  order,
  schedule: { deliveries: 33, redeliveries: 3, overtaken: 14 },
  outcome: { wallMs: 1500, textsEmbedded: 12, diff, detail: {} },
});
const comparison = (from: number, commits: number): HistoryComparison => ({
  from,
  commits,
  historyCommits: 350,
  changes: 128,
  windowChanges: 25,
  redeliveryShare: 0.1,
  seed: 7,
  expectedFrom: 'final.jsonl',
  runs: [run('in order', exact), run('out of order', { ...exact, different: 1, differ: 1 })],
});

describe('historyRows', () => {
  it('says when only a subset of the history was replayed', () => {
    const [inOrder, outOfOrder] = historyRows(comparison(320, 30));
    expect(inOrder.metric).toBe(
      'langchain, in order: 33 pushes (subset: commits 321-350 of 350, 128 changes)',
    );
    expect(outOfOrder.metric).toContain('3 redelivered, 14 overtaken (subset: commits 321-350');
    expect(historyRows(comparison(0, 350))[0].metric).toContain('(all 350 commits, 128 changes)');
  });

  it('passes only a replay that matches the expected tree exactly', () => {
    const rows = historyRows(comparison(0, 350));
    expect(rows.map((row) => row.status)).toEqual(['PASS', 'MISS']);
    expect(rows[0].target).toBe('0 / 0 / 0 (vs final.jsonl)');
  });
});

describe('historyNote', () => {
  it('names the start, the disorder and the seed', () => {
    expect(historyNote(comparison(320, 30))).toContain(
      'subset: commits 321-350 of 350 from the tree after commit 320',
    );
    expect(historyNote(comparison(0, 350))).toContain('all 350 commits from base.jsonl');
    expect(historyNote(comparison(0, 350))).toContain('(seed 7)');
  });
});
