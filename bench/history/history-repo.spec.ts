import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { applyHistory } from './apply-history';
import type { HistoryCommit } from './docs-history';
import { rawGitDate } from './fast-import-stream';
import { HistoryRepo } from './history-repo';

const commit = (time: string, changes: HistoryCommit['changes']): HistoryCommit => ({
  sha: 'x',
  parent: 'y',
  time,
  message: `commit at ${time}`,
  changes,
});

const base = [
  { path: 'README.md', text: '# Guide\n' },
  { path: 'src/a b.md', text: 'spaces and "quotes"\n' },
  { path: 'src/old.md', text: 'old\n' },
];
const commits = [
  commit('2026-08-22T17:33:59+02:00', [
    { op: 'modify', path: 'README.md', text: '# Guide\n\nÜber alles\n' },
    { op: 'add', path: 'src/new.txt', text: 'new\n' },
  ]),
  commit('2026-08-22T09:00:00-04:00', [
    { op: 'rename', from: 'src/old.md', path: 'src/renamed/old.md', text: 'old, moved\n' },
    { op: 'delete', path: 'src/a b.md' },
  ]),
];

function git(repo: HistoryRepo, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', repo.dir, ...args], { encoding: 'utf8' });
}

describe('rawGitDate', () => {
  it('gives epoch seconds and the ISO offset', () => {
    expect(rawGitDate('2026-08-22T17:33:59+02:00')).toBe('1787412839 +0200');
    expect(rawGitDate('2025-08-28T17:10:34-04:00')).toBe('1756415434 -0400');
    expect(rawGitDate('2026-01-01T00:00:00Z')).toBe('1767225600 +0000');
    expect(() => rawGitDate('yesterday')).toThrow('not an ISO 8601 time');
  });
});

describe('HistoryRepo', () => {
  let repo: HistoryRepo;
  beforeAll(async () => {
    repo = await HistoryRepo.build(base, commits);
  });
  afterAll(() => repo.remove());

  it('holds the base tree, then one commit per history commit, on branch history', () => {
    expect(repo.commits).toHaveLength(2);
    const log = git(repo, 'log', '--format=%H %ct %s', 'history').trim().split('\n');
    expect(log).toEqual([
      `${repo.commits[1]} 1787403600 commit at 2026-08-22T09:00:00-04:00`,
      `${repo.commits[0]} 1787412839 commit at 2026-08-22T17:33:59+02:00`,
      expect.stringMatching(new RegExp(`^${repo.baseCommit} \\d+ base tree$`)),
    ]);
    const tree = (at: string) => git(repo, 'ls-tree', '-r', '--name-only', at).trim().split('\n');
    expect(tree(repo.baseCommit)).toEqual(base.map((file) => file.path).sort());
  });

  it('ends with exactly the files of the history applied in order, byte for byte', () => {
    const { files } = applyHistory(base, commits);
    const listed = git(repo, 'ls-tree', '-r', '--name-only', 'history').trim().split('\n');
    expect(listed).toEqual([...files.keys()].sort());
    for (const [path, text] of files) expect(git(repo, 'show', `history:${path}`)).toBe(text);
  });

  it('moves a branch to a commit, as a push leaves it, and serves as a file:// remote', async () => {
    await repo.pointBranch('replay', repo.commits[0]);
    expect(git(repo, 'rev-parse', 'refs/heads/replay').trim()).toBe(repo.commits[0]);
    expect(repo.url).toMatch(/^file:\/\//);
    await repo.pointBranch('replay', repo.baseCommit);
    expect(git(repo, 'rev-parse', 'replay').trim()).toBe(repo.baseCommit);
  });

  it('removes its temp dir', async () => {
    const other = await HistoryRepo.build(base, []);
    expect(existsSync(other.dir)).toBe(true);
    other.remove();
    expect(existsSync(other.root)).toBe(false);
  });
});
