import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitCommandError } from './git.errors';
import { GitMirror } from './git-mirror';
import { HttpGitServer } from './testing/http-git-server';
import { WorkRepo } from './testing/work-repo';

const TOKEN = 'ghp_Zx9TestToken0123456789abcdefABCDEF';
const BASIC = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');

describe('GitMirror over http with a token', () => {
  let work: WorkRepo;
  let server: HttpGitServer;
  let base: string;

  beforeEach(async () => {
    work = WorkRepo.create();
    work.commit({ 'docs/a.md': '# A\n' });
    mkdirSync(work.path('srv/o'), { recursive: true });
    execFileSync('git', ['clone', '--quiet', '--bare', work.dir, work.path('srv/o/r.git')]);
    server = new HttpGitServer({
      projectRoot: work.path('srv'),
      authorization: `Basic ${BASIC}`,
    });
    base = await server.start();
  });
  afterEach(async () => {
    await server.close();
    work.cleanup();
  });

  const mirror = (token?: string, path = 'o/r.git') =>
    new GitMirror({ dir: work.path('m.git'), url: `${base}/${path}`, branch: 'main', token });

  it('sends the token as a header to the remote only, never in URLs, argv or on disk', async () => {
    // A git on PATH that records its arguments, then runs the real one: what `ps` would show.
    const realGit = execFileSync('which', ['git']).toString().trim();
    const argsLog = work.path('args.log');
    mkdirSync(work.path('bin'));
    writeFileSync(
      work.path('bin/git'),
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >> '${argsLog}'\nexec '${realGit}' "$@"\n`,
    );
    chmodSync(work.path('bin/git'), 0o755);
    const savedPath = process.env.PATH;
    process.env.PATH = `${work.path('bin')}:${savedPath}`;
    try {
      await expect(mirror(TOKEN).fetch()).resolves.toBe(work.head());
    } finally {
      process.env.PATH = savedPath;
    }

    const args = readFileSync(argsLog, 'utf8');
    expect(args).toContain('fetch');
    expect(args).not.toContain(TOKEN);
    expect(args).not.toContain(BASIC);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.authorization === `Basic ${BASIC}`)).toBe(true);
    expect(server.requests.some((r) => r.url.includes(TOKEN))).toBe(false);
    const config = readFileSync(join(work.path('m.git'), 'config'), 'utf8');
    expect(config).toContain(`url = ${base}/o/r.git`);
    expect(config).not.toContain(TOKEN);
    expect(config).not.toContain(BASIC);
  });

  it('takes a token embedded in the URL the same way', async () => {
    const url = `${base.replace('http://', `http://x-access-token:${TOKEN}@`)}/o/r.git`;
    const embedded = new GitMirror({ dir: work.path('e.git'), url, branch: 'main' });
    await expect(embedded.fetch()).resolves.toBe(work.head());
    expect(readFileSync(join(embedded.gitDir, 'config'), 'utf8')).not.toContain(TOKEN);
  });

  it('fails as auth, without prompting, when the token is missing or wrong', async () => {
    for (const token of [undefined, 'ghp_WrongToken0123456789abcdefABCDEF']) {
      const error = await mirror(token)
        .fetch()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitCommandError);
      expect(error).toMatchObject({ kind: 'auth', retryable: false });
      expect((error as Error).message).toMatch(/^git fetch failed: fatal: /);
      expect((error as Error).message).not.toContain('WrongToken');
    }
  });

  it('fails as not-found with a scrubbed message for a repository the host does not have', async () => {
    const error = await mirror(TOKEN, 'o/missing.git')
      .fetch()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error).toMatchObject({ kind: 'not-found' });
    const message = (error as Error).message;
    expect(message).toMatch(/^git fetch failed: fatal: /);
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain(BASIC);
  });
});
