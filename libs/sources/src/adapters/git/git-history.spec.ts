import { GitMirror } from './git-mirror';
import { WorkRepo } from './testing/work-repo';

describe('history queries', () => {
  let work: WorkRepo;
  let mirror: GitMirror;

  beforeEach(() => {
    work = WorkRepo.create();
    mirror = new GitMirror({ dir: work.path('m.git'), url: work.url, branch: 'main' });
  });
  afterEach(() => work.cleanup());

  it('finds the commit that last changed each file on a 50-commit linear history', async () => {
    const expected = new Map<string, string>();
    const files = Array.from({ length: 12 }, (_, i) => `docs/section-${i % 3}/page ${i}.md`);
    for (let commit = 0; commit < 50; commit += 1) {
      // Commit 0 writes every file; later commits touch a spread of two files each.
      const touched =
        commit === 0 ? files : [files[(commit * 7) % 12], files[(commit * 5 + 1) % 12]];
      const sha = work.commit(
        Object.fromEntries(touched.map((path) => [path, `${path} at ${commit}\n`])),
        `commit ${commit}`,
      );
      touched.forEach((path) => expected.set(path, sha));
    }
    // A rename: the new path was last changed by the commit that created it.
    work.move(files[0], 'docs/renamed.md');
    const renamed = work.commitAll('rename');
    expected.delete(files[0]);
    expected.set('docs/renamed.md', renamed);
    const head = await mirror.fetch();

    const paths = [...expected.keys()];
    const found = await mirror.lastChangingCommits(head, [...paths, 'never/existed.md']);

    expect(Object.fromEntries(found)).toEqual(Object.fromEntries(expected));
    expect(found.has('never/existed.md')).toBe(false);
  });

  it('credits a merged change to the merge commit on the first-parent line', async () => {
    const base = work.commit({ 'a.md': 'a\n', 'b.md': 'b\n' });
    work.git('checkout', '--quiet', '-b', 'topic');
    work.commit({ 'b.md': 'b from topic\n' });
    work.git('checkout', '--quiet', 'main');
    const mainChange = work.commit({ 'a.md': 'a on main\n' });
    work.git('merge', '--quiet', '--no-ff', '-m', 'merge topic', 'topic');
    const merge = work.head();
    const head = await mirror.fetch();

    const found = await mirror.lastChangingCommits(head, ['a.md', 'b.md']);

    expect(Object.fromEntries(found)).toEqual({ 'a.md': mainChange, 'b.md': merge });
    expect(base).not.toBe(merge);
  });

  it('answers an empty map for no paths', async () => {
    work.commit({ 'a.md': 'a\n' });
    const head = await mirror.fetch();
    await expect(mirror.lastChangingCommits(head, [])).resolves.toEqual(new Map());
  });

  it('tells known commits from unknown, zero and malformed ids', async () => {
    const first = work.commit({ 'a.md': 'a\n' });
    const head = await mirror.fetch();
    expect(head).toBe(first);
    const [blob] = await mirror.listFiles(head);

    await expect(mirror.commitExists(head)).resolves.toBe(true);
    await expect(mirror.commitExists('0123456789abcdef0123456789abcdef01234567')).resolves.toBe(
      false,
    );
    await expect(mirror.commitExists('0'.repeat(40))).resolves.toBe(false);
    await expect(mirror.commitExists('HEAD')).resolves.toBe(false);
    await expect(mirror.commitExists('--all')).resolves.toBe(false);
    // A blob id is an object but not a commit.
    await expect(mirror.commitExists(blob.blob)).resolves.toBe(false);
  });

  it('checks ancestry both ways', async () => {
    const first = work.commit({ 'a.md': 'a\n' });
    const second = work.commit({ 'a.md': 'b\n' });
    await mirror.fetch();

    await expect(mirror.isAncestor(first, second)).resolves.toBe(true);
    await expect(mirror.isAncestor(second, first)).resolves.toBe(false);
    await expect(mirror.isAncestor(second, second)).resolves.toBe(true);
  });

  it('reads a commit’s time and subject', async () => {
    const sha = work.commit({ 'a.md': 'a\n' }, 'Add the guide\n\nWith a body.');
    await mirror.fetch();

    const info = await mirror.commitInfo(sha);

    expect(info).toEqual({ sha, committedAt: expect.any(Number), subject: 'Add the guide' });
    const seconds = Number(work.git('log', '-1', '--format=%ct', sha));
    expect(info.committedAt).toBe(seconds * 1000);
  });
});
