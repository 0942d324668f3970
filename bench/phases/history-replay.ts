import type { Chunker } from '@ragline/chunking';
import { applyHistory } from '../history/apply-history';
import type { DocsHistory } from '../history/docs-history';
import { expectedFileChunks } from '../history/file-chunks';
import type { ScheduleStats } from '../history/delivery-schedule';
import type { FinalStateDiff } from '../stats/final-state-diff';

/** What a library should hold after replaying the first `commits` commits of the history. */
export interface ReplayExpectation {
  commits: number;
  changes: number;
  /** Chunk texts of every file at the end, by path. */
  chunks: Map<string, string[]>;
  /** Paths deleted or renamed away on the way (and not present at the end). */
  removed: Set<string>;
  /** Every path a replay may have stored: to map document ids back to paths. */
  paths: string[];
  /** `final.jsonl` when the replay runs to the end, else its commits applied to the base. */
  from: 'final.jsonl' | 'replayed prefix';
  /** Runs to the end only: whether replaying in order gave final.jsonl exactly. */
  replayMatchesFinal?: boolean;
}

/** One system's replay of one schedule. */
export interface ReplayOutcome {
  wallMs: number;
  textsEmbedded: number;
  diff: FinalStateDiff;
  /** System-specific counts, kept in the JSON report. */
  detail: Record<string, unknown>;
}

export interface ReplayRun {
  system: 'ragline' | 'langchain';
  order: 'in order' | 'out of order';
  schedule: ScheduleStats;
  outcome: ReplayOutcome;
}

export interface HistoryComparison {
  /** The history's commit the replays start after (0: base.jsonl). */
  from: number;
  commits: number;
  /** Commits in the whole history (350): a replay of fewer is a subset. */
  historyCommits: number;
  changes: number;
  windowChanges: number;
  redeliveryShare: number;
  /** The out-of-order schedule's seed. */
  seed: number;
  expectedFrom: ReplayExpectation['from'];
  replayMatchesFinal?: boolean;
  runs: ReplayRun[];
}

/**
 * The expected end state of replaying the first `commits` commits of `history` (whole or a
 * segment, see `historyFrom`), chunked as the worker chunks: final.jsonl when they run to the
 * end, else those commits applied in order to the history's base.
 */
export async function replayExpectation(
  chunker: Chunker,
  history: DocsHistory,
  commits: number,
): Promise<ReplayExpectation> {
  const prefix = history.commits.slice(0, commits);
  const replayed = applyHistory(history.base, prefix);
  const whole = commits >= history.commits.length;
  const files = whole
    ? new Map(history.final.map((file) => [file.path, file.text]))
    : replayed.files;
  const replayMatchesFinal = whole
    ? files.size === replayed.files.size &&
      [...files].every(([path, text]) => replayed.files.get(path) === text)
    : undefined;
  const removed = new Set([...replayed.removed].filter((path) => !files.has(path)));
  return {
    commits: prefix.length,
    changes: prefix.reduce((sum, commit) => sum + commit.changes.length, 0),
    chunks: await expectedFileChunks(chunker, files),
    removed,
    paths: [...new Set([...files.keys(), ...removed, ...history.base.map((file) => file.path)])],
    from: whole ? 'final.jsonl' : 'replayed prefix',
    replayMatchesFinal,
  };
}
