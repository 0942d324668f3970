import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { GitCommandError } from './git.errors';
import { GitMirror } from './git-mirror';
import { parseLsTree } from './git-tree';
import { decodeText } from './text-content';
import { WorkRepo } from './testing/work-repo';

describe('listFiles and readBlobs', () => {
  let work: WorkRepo;
  let mirror: GitMirror;

  beforeEach(() => {
    work = WorkRepo.create();
    mirror = new GitMirror({ dir: work.path('m.git'), url: work.url, branch: 'main' });
  });
  afterEach(() => work.cleanup());

  it('lists regular files with blob, size and mode, leaving out symlinks and submodules', async () => {
    work.commit({ 'README.md': '# Top\n', 'docs/a b/ü.md': 'ünïcødé\n', 'run.sh': 'echo\n' });
    chmodSync(join(work.dir, 'run.sh'), 0o755);
    symlinkSync('README.md', join(work.dir, 'link.md'));
    work.git('add', '-A');
    // A gitlink entry is what a submodule leaves in the tree.
    work.git('update-index', '--add', '--cacheinfo', `160000,${work.head()},vendor/sub`);
    const head = work.commitAll('tree with odd entries');
    await mirror.fetch();

    const files = await mirror.listFiles(head);

    expect(files.map(({ path, size, mode }) => ({ path, size, mode }))).toEqual([
      { path: 'README.md', size: 6, mode: '100644' },
      { path: 'docs/a b/ü.md', size: Buffer.byteLength('ünïcødé\n'), mode: '100644' },
      { path: 'run.sh', size: 5, mode: '100755' },
    ]);
    const blobs = await mirror.readBlobs(files.map((f) => f.blob));
    expect(blobs.get(files[1].blob)?.toString('utf8')).toBe('ünïcødé\n');
  });

  it('reads hundreds of blobs in one call, duplicates once', async () => {
    const edits = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`docs/${i % 7}/file-${i}.md`, `# File ${i}\n`]),
    );
    const head = work.commit(edits);
    await mirror.fetch();
    const files = await mirror.listFiles(head);
    expect(files).toHaveLength(300);

    const blobs = await mirror.readBlobs([...files.map((f) => f.blob), files[0].blob]);

    expect(blobs.size).toBe(300);
    for (const file of files) {
      expect(blobs.get(file.blob)?.toString()).toBe(edits[file.path]);
    }
  });

  it('fails when a blob is missing rather than returning a hole', async () => {
    const head = work.commit({ 'a.md': 'a\n' });
    await mirror.fetch();
    const [file] = await mirror.listFiles(head);

    const error = await mirror.readBlobs([file.blob, 'f'.repeat(40)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as Error).message).toContain('missing from the mirror');
    await expect(mirror.readBlobs([])).resolves.toEqual(new Map());
  });

  it('tells text from binary and non-UTF-8 content in real blobs', async () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    ]);
    const latin1 = Buffer.from('caf\xe9 cr\xe8me\n', 'latin1');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# Titel äöü\n')]);
    const head = work.commit({
      'image.md': png,
      'latin1.txt': latin1,
      'bom.md': bom,
      'plain.md': 'Plain — “quoted” 日本\n',
    });
    await mirror.fetch();
    const files = await mirror.listFiles(head);
    const blobs = await mirror.readBlobs(files.map((f) => f.blob));
    const decoded = Object.fromEntries(
      files.map((f) => [f.path, decodeText(blobs.get(f.blob) ?? Buffer.alloc(0))]),
    );

    expect(decoded).toEqual({
      'image.md': { kind: 'binary' },
      'latin1.txt': { kind: 'binary' },
      'bom.md': { kind: 'text', text: '# Titel äöü\n' },
      'plain.md': { kind: 'text', text: 'Plain — “quoted” 日本\n' },
    });
  });
});

describe('parseLsTree', () => {
  it('keeps a path that contains a tab', () => {
    const blob = 'a'.repeat(40);
    expect(parseLsTree([`100644 blob ${blob}      12\tdir/with\ttab.md`])).toEqual([
      { path: 'dir/with\ttab.md', blob, size: 12, mode: '100644' },
    ]);
  });
});
