import { applyHistory, changedPaths, historyFrom } from './apply-history';
import type { HistoryCommit } from './docs-history';

const commit = (changes: HistoryCommit['changes']): HistoryCommit => ({
  sha: 'x',
  parent: 'y',
  time: '2026-01-01T00:00:00Z',
  message: 'm',
  changes,
});

describe('applyHistory', () => {
  const base = [
    { path: 'a.md', text: 'a0' },
    { path: 'b.md', text: 'b0' },
    { path: 'c.md', text: 'c0' },
  ];
  const commits = [
    commit([
      { op: 'modify', path: 'a.md', text: 'a1' },
      { op: 'add', path: 'd.md', text: 'd1' },
    ]),
    commit([{ op: 'rename', from: 'b.md', path: 'dir/b.md', text: 'b1' }]),
    commit([
      { op: 'delete', path: 'c.md' },
      { op: 'modify', path: 'a.md', text: 'a2' },
    ]),
    commit([
      { op: 'add', path: 'c.md', text: 'c3' },
      { op: 'delete', path: 'd.md' },
    ]),
  ];

  it('applies every change in order: modify, add, rename (with new text), delete', () => {
    const { files, removed } = applyHistory(base, commits.slice(0, 3));
    expect([...files].sort()).toEqual([
      ['a.md', 'a2'],
      ['d.md', 'd1'],
      ['dir/b.md', 'b1'],
    ]);
    expect([...removed].sort()).toEqual(['b.md', 'c.md']);
  });

  it('gives the expected state of any prefix, and a re-added path is not removed', () => {
    expect([...applyHistory(base, []).files]).toEqual(base.map((f) => [f.path, f.text]));
    expect(applyHistory(base, commits.slice(0, 1)).files.get('a.md')).toBe('a1');
    const all = applyHistory(base, commits);
    expect(all.files.get('c.md')).toBe('c3');
    expect([...all.removed].sort()).toEqual(['b.md', 'd.md']);
  });

  it('leaves the base untouched', () => {
    applyHistory(base, commits);
    expect(base[0]).toEqual({ path: 'a.md', text: 'a0' });
  });
});

describe('historyFrom', () => {
  const base = [
    { path: 'b.md', text: 'b0' },
    { path: 'c.md', text: 'c0' },
  ];
  const commits = [
    commit([{ op: 'add', path: 'a.md', text: 'a1' }]),
    commit([{ op: 'delete', path: 'c.md' }]),
    commit([{ op: 'modify', path: 'b.md', text: 'b2' }]),
  ];
  const final = [
    { path: 'a.md', text: 'a1' },
    { path: 'b.md', text: 'b2' },
  ];

  it('starts from the tree after the first commits, sorted by path, with the rest to replay', () => {
    const segment = historyFrom({ base, commits, final }, 1);
    expect(segment.base).toEqual([
      { path: 'a.md', text: 'a1' },
      { path: 'b.md', text: 'b0' },
      { path: 'c.md', text: 'c0' },
    ]);
    expect(segment.commits).toEqual(commits.slice(1));
    expect(segment.final).toBe(final);
  });

  it('ends where the whole history ends', () => {
    for (const from of [0, 1, 2, 3]) {
      const segment = historyFrom({ base, commits, final }, from);
      expect([...applyHistory(segment.base, segment.commits).files].sort()).toEqual(
        final.map((f) => [f.path, f.text]),
      );
    }
  });
});

describe('changedPaths', () => {
  it('lists written paths and removed ones (deletes and the old side of renames)', () => {
    expect(
      changedPaths(
        commit([
          { op: 'modify', path: 'a.md', text: '1' },
          { op: 'rename', from: 'b.md', path: 'c.md', text: '2' },
          { op: 'delete', path: 'd.md' },
        ]),
      ),
    ).toEqual({ written: ['a.md', 'c.md'], removed: ['b.md', 'd.md'] });
  });

  it('counts a path written again after its removal in the same commit as written', () => {
    expect(
      changedPaths(
        commit([
          { op: 'rename', from: 'a.md', path: 'b.md', text: '1' },
          { op: 'add', path: 'a.md', text: '2' },
        ]),
      ),
    ).toEqual({ written: ['a.md', 'b.md'], removed: [] });
  });
});
