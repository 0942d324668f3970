import type { DocsHistory, HistoryChange, HistoryCommit, HistoryFile } from './docs-history';

/** The documentation tree after some commits, and the paths that existed on the way but not now. */
export interface HistoryState {
  /** Text by path. */
  files: Map<string, string>;
  /** Paths in the base or written by a change, absent at the end (deleted, renamed away). */
  removed: Set<string>;
}

/** Applies one change as the dataset's README says: delete removes, rename moves, others set. */
export function applyChange(files: Map<string, string>, change: HistoryChange): void {
  if (change.op === 'delete') {
    files.delete(change.path);
    return;
  }
  if (change.op === 'rename') files.delete(change.from);
  files.set(change.path, change.text);
}

/**
 * The tree after applying `commits` (oldest first, each change in order) to `base`: with every
 * commit of the history this equals final.jsonl; with a prefix it is the expected final state of
 * a replay of that prefix.
 */
export function applyHistory(
  base: readonly HistoryFile[],
  commits: readonly HistoryCommit[],
): HistoryState {
  const files = new Map(base.map((file) => [file.path, file.text]));
  const seen = new Set(files.keys());
  for (const commit of commits) {
    for (const change of commit.changes) {
      applyChange(files, change);
      if (change.op !== 'delete') seen.add(change.path);
    }
  }
  const removed = new Set([...seen].filter((path) => !files.has(path)));
  return { files, removed };
}

/**
 * The history from commit `from` on: its base is the tree after the first `from` commits (sorted
 * by path, as base.jsonl is), its commits the rest; the final tree is the same. A replay of a
 * segment that does not start at the base (quick mode) is checked exactly like a whole replay.
 */
export function historyFrom(history: DocsHistory, from: number): DocsHistory {
  if (from <= 0) return history;
  const { files } = applyHistory(history.base, history.commits.slice(0, from));
  const base = [...files]
    .map(([path, text]) => ({ path, text }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { base, commits: history.commits.slice(from), final: history.final };
}

/** What a commit leaves behind: paths it writes, and paths it removes (deletes, renamed away). */
export function changedPaths(commit: Pick<HistoryCommit, 'changes'>): {
  written: string[];
  removed: string[];
} {
  const files = new Map<string, boolean>();
  for (const change of commit.changes) {
    if (change.op === 'rename') files.set(change.from, false);
    files.set(change.path, change.op !== 'delete');
  }
  const entries = [...files];
  return {
    written: entries.filter(([, kept]) => kept).map(([path]) => path),
    removed: entries.filter(([, kept]) => !kept).map(([path]) => path),
  };
}
