import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExpectedFile } from './library-check';
import type { Edits, ScratchRepo } from './scratch-repo';

/** The shared data set (see /work/shared/datasets/README.md, section 2). */
const DATASET = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'datasets',
  'docs-history',
  'rustc-dev-guide',
);
/** The base tree's commit time (the README's range). */
const BASE_TIME = '2025-08-28T17:10:34-04:00';

export interface FileText {
  path: string;
  text: string;
}

export type Change =
  | { op: 'add' | 'modify'; path: string; text: string }
  | { op: 'delete'; path: string }
  | { op: 'rename'; path: string; from: string; text: string };

export interface HistoryCommit {
  sha: string;
  time: string;
  author: string;
  message: string;
  changes: Change[];
}

export interface History {
  base: FileText[];
  commits: HistoryCommit[];
  final: FileText[];
  /** Changes in all commits (the README's 894). */
  changeCount: number;
}

/** Reads base.jsonl, commits.jsonl and final.jsonl. */
export function loadHistory(): History {
  const base = readJsonl<FileText>('base.jsonl');
  const commits = readJsonl<HistoryCommit>('commits.jsonl');
  const final = readJsonl<FileText>('final.jsonl');
  const changeCount = commits.reduce((sum, commit) => sum + commit.changes.length, 0);
  return { base, commits, final, changeCount };
}

function readJsonl<T>(name: string): T[] {
  return readFileSync(join(DATASET, name), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
}

/**
 * The replay's own bookkeeping: each path's text and the commit (in our repository) that last
 * changed it, and every path that ever existed, so the check knows what must be gone.
 */
export class ReplayBook {
  readonly files = new Map<string, ExpectedFile>();
  readonly seen = new Set<string>();
  /** Our repository's commit for each data-set commit, in order (base first). */
  readonly shas: string[] = [];

  /** Commits the base tree; returns its sha. */
  async commitBase(repo: ScratchRepo, history: History): Promise<string> {
    const edits: Edits = {};
    for (const file of history.base) edits[file.path] = file.text;
    const sha = await repo.commit(edits, { date: BASE_TIME, author: 'base', message: 'base tree' });
    for (const file of history.base) this.record(file.path, file.text, sha);
    this.shas.push(sha);
    return sha;
  }

  /**
   * Applies one commit's changes to the work tree as the README says (in order: delete removes
   * `path`; rename removes `from` and writes `path`; add and modify write `path`), commits with the
   * commit's time, author and subject, and returns our sha.
   */
  async apply(repo: ScratchRepo, commit: HistoryCommit): Promise<string> {
    // What this commit leaves written, by path: a later change of the same commit may undo one.
    const written = new Map<string, string>();
    const remove = async (path: string) => {
      await repo.write({ [path]: null });
      this.files.delete(path);
      written.delete(path);
    };
    for (const change of commit.changes) {
      if (change.op === 'delete') {
        await remove(change.path);
        continue;
      }
      if (change.op === 'rename') await remove(change.from);
      await repo.write({ [change.path]: change.text });
      written.set(change.path, change.text);
    }
    const sha = await repo.commitAll({
      date: commit.time,
      author: commit.author,
      message: commit.message,
    });
    for (const [path, text] of written) this.record(path, text, sha);
    this.shas.push(sha);
    return sha;
  }

  /** Paths that existed at some point and are not in the head. */
  gone(): string[] {
    return [...this.seen].filter((path) => !this.files.has(path));
  }

  /** Differences between the replayed head and final.jsonl (the data set's own check). */
  differencesFrom(final: readonly FileText[]): string[] {
    const problems: string[] = [];
    for (const file of final) {
      if (this.files.get(file.path)?.text !== file.text) problems.push(file.path);
    }
    if (this.files.size !== final.length)
      problems.push(`${this.files.size} files, not ${final.length}`);
    return problems;
  }

  private record(path: string, text: string, sha: string): void {
    this.files.set(path, { text, commit: sha });
    this.seen.add(path);
  }
}
