import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitCommandError, InvalidGitRefError, InvalidRemoteUrlError } from './git.errors';
import { GitMirror } from './git-mirror';
import { WorkRepo } from './testing/work-repo';

describe('GitMirror', () => {
  let work: WorkRepo;

  beforeEach(() => {
    work = WorkRepo.create();
  });
  afterEach(() => work.cleanup());

  const mirrorOf = (url = work.url, branch = 'main') =>
    new GitMirror({ dir: work.path('mirror.git'), url, branch });

  it('creates a bare mirror on first fetch and returns the branch head', async () => {
    const head = work.commit({ 'README.md': '# Hello\n' }, 'first');
    const mirror = mirrorOf();

    await expect(mirror.fetch()).resolves.toBe(head);

    const bare = execFileSync('git', [
      '--git-dir',
      mirror.gitDir,
      'rev-parse',
      '--is-bare-repository',
    ]);
    expect(bare.toString().trim()).toBe('true');
    const config = readFileSync(join(mirror.gitDir, 'config'), 'utf8');
    expect(config).toContain(`url = ${work.url}`);
    await expect(mirror.commitExists(head)).resolves.toBe(true);
  });

  it('fetches only new commits on the next fetch and keeps the whole history', async () => {
    const first = work.commit({ 'a.md': 'one\n' });
    const mirror = mirrorOf();
    await mirror.fetch();
    const second = work.commit({ 'a.md': 'two\n' });
    const third = work.commit({ 'b.md': 'three\n' });

    await expect(mirror.fetch()).resolves.toBe(third);
    await expect(mirror.isAncestor(first, third)).resolves.toBe(true);
    await expect(mirror.commitExists(second)).resolves.toBe(true);
    // Fetching again with nothing new is a no-op that answers the same head.
    await expect(mirror.fetch()).resolves.toBe(third);
  });

  it('follows a force-push: the old head is no longer an ancestor of the new one', async () => {
    const base = work.commit({ 'a.md': 'base\n' });
    const oldHead = work.commit({ 'a.md': 'old line\n' });
    const mirror = mirrorOf();
    await mirror.fetch();

    work.git('reset', '--quiet', '--hard', base);
    const newHead = work.commit({ 'a.md': 'rewritten\n' }, 'rewrite');

    await expect(mirror.fetch()).resolves.toBe(newHead);
    await expect(mirror.isAncestor(oldHead, newHead)).resolves.toBe(false);
    await expect(mirror.isAncestor(base, newHead)).resolves.toBe(true);
  });

  it('fetches one branch only, and a branch the remote lacks is a typed error', async () => {
    work.commit({ 'a.md': 'main\n' });
    work.git('checkout', '--quiet', '-b', 'docs');
    const docsHead = work.commit({ 'b.md': 'docs\n' });
    work.git('checkout', '--quiet', 'main');

    const docs = mirrorOf(work.url, 'docs');
    await expect(docs.fetch()).resolves.toBe(docsHead);
    const refs = execFileSync('git', [
      '--git-dir',
      docs.gitDir,
      'for-each-ref',
      '--format=%(refname)',
    ]);
    expect(refs.toString().trim().split('\n')).toEqual(['refs/heads/docs']);

    const missing = new GitMirror({ dir: work.path('m2.git'), url: work.url, branch: 'nope' });
    const error = await missing.fetch().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as GitCommandError).message).toMatch(
      /^git fetch failed: fatal: couldn't find remote ref/,
    );
    expect(error).toMatchObject({ kind: 'not-found', retryable: false });
  });

  it('serialises concurrent fetches of one mirror, across instances, without corrupting it', async () => {
    work.commit({ 'a.md': 'a\n' });
    const instances = [mirrorOf(), mirrorOf(), mirrorOf()];
    const pending: Array<Promise<string>> = [];
    for (let round = 0; round < 4; round += 1) {
      work.commit({ [`f${round}.md`]: `${round}\n` });
      pending.push(...instances.map((mirror) => mirror.fetch()));
    }
    const heads = await Promise.all(pending);

    expect(heads.at(-1)).toBe(work.head());
    execFileSync('git', ['--git-dir', instances[0].gitDir, 'fsck', '--no-progress', '--strict']);
  });

  it('reports a lock held by another process as a retryable lock error, and recovers', async () => {
    work.commit({ 'a.md': 'a\n' });
    const mirror = mirrorOf();
    await mirror.fetch();
    const head = work.commit({ 'a.md': 'b\n' });
    const lock = join(mirror.gitDir, 'refs', 'heads', 'main.lock');
    writeFileSync(lock, '');

    const error = await mirror.fetch().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error).toMatchObject({ kind: 'lock', retryable: true });

    execFileSync('rm', [lock]);
    await expect(mirror.fetch()).resolves.toBe(head);
  });

  it('fails with a typed, scrubbed error when the remote does not exist', async () => {
    const url = `file://${work.path('no-such-repo.git')}`;
    const mirror = new GitMirror({
      dir: work.path('m.git'),
      url,
      branch: 'main',
      token: 'ghp_supersecrettoken0123456789',
    });

    const error = await mirror.fetch().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GitCommandError);
    const message = (error as GitCommandError).message;
    expect(message).toMatch(/^git fetch failed: fatal: .*does not appear to be a git repository/);
    expect(message).not.toContain('supersecret');
    expect(error).toMatchObject({ command: 'git fetch', kind: 'not-found', code: 'INTERNAL' });
  });

  it('keeps origin pointed at the current URL and strips embedded credentials', async () => {
    work.commit({ 'a.md': 'a\n' });
    await mirrorOf().fetch();
    const other = WorkRepo.create();
    try {
      const otherHead = other.commit({ 'z.md': 'z\n' });
      const moved = new GitMirror({ dir: work.path('mirror.git'), url: other.url, branch: 'main' });
      await expect(moved.fetch()).resolves.toBe(otherHead);

      const withToken = new GitMirror({
        dir: work.path('t.git'),
        url: 'https://x-access-token:ghp_embeddedtoken0123456789abc@example.com/o/r.git',
        branch: 'main',
      });
      await withToken.ensure();
      const config = readFileSync(join(withToken.gitDir, 'config'), 'utf8');
      expect(config).toContain('url = https://example.com/o/r.git');
      expect(config).not.toContain('ghp_');
    } finally {
      other.cleanup();
    }
  });

  it('refuses a folder that holds something other than a mirror', async () => {
    const dir = work.path('busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const mirror = new GitMirror({ dir, url: work.url, branch: 'main' });

    await expect(mirror.ensure()).rejects.toThrow(/exists and is not a git mirror/);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('rejects a bad branch or URL before running git', () => {
    const dir = work.path('x.git');
    expect(() => new GitMirror({ dir, url: work.url, branch: '--upload-pack=x' })).toThrow(
      InvalidGitRefError,
    );
    expect(() => new GitMirror({ dir, url: work.url, branch: 'a..b' })).toThrow(InvalidGitRefError);
    expect(() => new GitMirror({ dir, url: 'ext::sh -c x', branch: 'main' })).toThrow(
      InvalidRemoteUrlError,
    );
  });

  it('removes its folder', async () => {
    work.commit({ 'a.md': 'a\n' });
    const mirror = mirrorOf();
    await mirror.fetch();
    await mirror.remove();
    expect(() => readFileSync(join(mirror.gitDir, 'HEAD'))).toThrow();
  });
});
