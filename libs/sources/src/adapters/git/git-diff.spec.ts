import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitMirror } from './git-mirror';
import { WorkRepo } from './testing/work-repo';
import { parseRawDiff } from './git-diff';
import { InvalidGitRefError } from './git.errors';

const PARAGRAPH = 'A paragraph long enough that a small edit keeps it well above half similar.\n';
const BODY = Array.from({ length: 12 }, (_, i) => `${i}: ${PARAGRAPH}`).join('');

describe('diff', () => {
  let work: WorkRepo;
  let mirror: GitMirror;

  beforeEach(() => {
    work = WorkRepo.create();
    mirror = new GitMirror({ dir: work.path('m.git'), url: work.url, branch: 'main' });
  });
  afterEach(() => work.cleanup());

  const sorted = <T extends { path: string }>(changes: T[]): T[] =>
    [...changes].sort((a, b) => a.path.localeCompare(b.path));

  it('reports adds, modifies, deletes, renames and renames with edits, in nested folders', async () => {
    const before = work.commit({
      'README.md': '# Readme\n',
      'docs/guide/keep.md': 'keep\n',
      'docs/guide/edit.md': 'old\n',
      'docs/gone.md': 'bye\n',
      'docs/move.md': BODY,
      'docs/move-edit.md': `${BODY}tail\n`,
    });
    work.move('docs/move.md', 'docs/moved/plain.md');
    work.move('docs/move-edit.md', 'docs/moved/edited.md');
    const after = work.commit({
      'docs/moved/edited.md': `${BODY}a changed tail\n`,
      'docs/guide/edit.md': 'new\n',
      'docs/gone.md': null,
      'docs/new/deep/er/file.md': 'fresh\n',
    });
    await mirror.fetch();

    const changes = sorted(await mirror.diff(before, after));

    expect(changes.map(({ op, path, from }) => ({ op, path, from }))).toEqual([
      { op: 'delete', path: 'docs/gone.md', from: undefined },
      { op: 'modify', path: 'docs/guide/edit.md', from: undefined },
      { op: 'rename', path: 'docs/moved/edited.md', from: 'docs/move-edit.md' },
      { op: 'rename', path: 'docs/moved/plain.md', from: 'docs/move.md' },
      { op: 'add', path: 'docs/new/deep/er/file.md', from: undefined },
    ]);
    const blobs = await mirror.readBlobs(changes.flatMap((c) => (c.blob ? [c.blob] : [])));
    const added = changes.find((c) => c.op === 'add');
    expect(blobs.get(added?.blob ?? '')?.toString()).toBe('fresh\n');
    expect(changes.find((c) => c.op === 'delete')?.blob).toBeUndefined();
  });

  it('keeps paths with spaces, unicode and odd characters intact', async () => {
    const before = work.commit({ 'plain.md': 'x\n' });
    const names = [
      'with space/read me.md',
      'ünïcødé/日本語.md',
      'quote"and\ttab.md',
      'emoji-📘.md',
    ];
    const after = work.commit(Object.fromEntries(names.map((name) => [name, `${name}\n`])));
    await mirror.fetch();

    const changes = await mirror.diff(before, after);
    expect(changes.map((c) => c.path).sort()).toEqual([...names].sort());
    expect(changes.every((c) => c.op === 'add')).toBe(true);
  });

  it('treats a file that becomes a symlink as a delete, and a symlink that becomes a file as an add', async () => {
    const first = work.commit({ 'a.md': 'a\n', 'b.md': 'b\n' });
    rmSync(join(work.dir, 'b.md'));
    symlinkSync('a.md', join(work.dir, 'b.md'));
    symlinkSync('a.md', join(work.dir, 'c.md'));
    const second = work.commitAll();
    rmSync(join(work.dir, 'c.md'));
    writeFileSync(join(work.dir, 'c.md'), 'c\n');
    const third = work.commitAll();
    await mirror.fetch();

    await expect(mirror.diff(first, second)).resolves.toEqual([{ op: 'delete', path: 'b.md' }]);
    await expect(mirror.diff(second, third)).resolves.toEqual([
      { op: 'add', path: 'c.md', blob: expect.stringMatching(/^[0-9a-f]{40}$/) },
    ]);
  });

  it('rejects ids that are not full object ids', async () => {
    await expect(mirror.diff('HEAD~1', 'HEAD')).rejects.toThrow(InvalidGitRefError);
    await expect(mirror.diff('--output=/tmp/x', 'a'.repeat(40))).rejects.toThrow(
      InvalidGitRefError,
    );
  });
});

describe('parseRawDiff', () => {
  const z = '0'.repeat(40);
  const b = 'b'.repeat(40);
  const c = 'c'.repeat(40);

  it('maps symlinks and submodules out of the change set', () => {
    const fields = [
      `:100644 120000 ${b} ${c} T`,
      'became-link.md',
      `:120000 100644 ${b} ${c} T`,
      'became-file.md',
      `:000000 160000 ${z} ${c} A`,
      'submodule',
      `:000000 120000 ${z} ${c} A`,
      'new-link.md',
      `:120000 000000 ${b} ${z} D`,
      'old-link.md',
      `:100644 100755 ${b} ${b} M`,
      'now-executable.sh',
      `:100644 120000 ${b} ${c} R100`,
      'was-file.md',
      'is-link.md',
    ];
    expect(parseRawDiff(fields)).toEqual([
      { op: 'delete', path: 'became-link.md' },
      { op: 'add', path: 'became-file.md', blob: c },
      { op: 'modify', path: 'now-executable.sh', blob: b },
      { op: 'delete', path: 'was-file.md' },
    ]);
  });
});
