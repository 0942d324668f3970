import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '@ragline/testing';
import { startTestApp, type TestApp } from '../../support/test-app';
import { checkLibrary, documentIdOf } from './library-check';
import { ScratchRepo } from './scratch-repo';
import { SourceApi } from './source-api';
import {
  DEFAULT_INCLUDED,
  headExpectation,
  markdownFiles,
  page,
  pushAndSync,
  syncedSource,
} from './source-fixture';
import { gitHubPush, WebhookSender } from './webhook-sender';

const JOB_ATTEMPTS = 3;

/**
 * Issue 14's sync faults and git shapes on the real stack: a remote that cannot be fetched (the
 * run fails after its retries with git's message and no secret), binary files, force-pushes,
 * renames, and a source that follows another branch than main.
 */
describe('git sync: unfetchable remotes, binary files, force-push, rename, branches (issue 14)', () => {
  const repos: ScratchRepo[] = [];
  let t: TestApp;
  let api: SourceApi;
  let hooks: WebhookSender;

  beforeAll(async () => {
    // Backoff long enough that each retry's state can be seen between attempts.
    t = await startTestApp({ env: { JOB_ATTEMPTS: String(JOB_ATTEMPTS), JOB_BACKOFF_MS: '200' } });
    api = new SourceApi(t);
    hooks = new WebhookSender(t);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all(repos.map((repo) => repo.cleanup()));
  });

  async function fixture(name: string, files = markdownFiles(4)) {
    const synced = await syncedSource(api, name, files);
    repos.push(synced.repo);
    expect(synced.initial).toMatchObject({ status: 'completed' });
    return synced;
  }

  /** Waits for a run and counts its attempts: each attempt stamps its own `startedAt`. */
  async function attemptsOf(library: string, sourceId: string, runId: string) {
    const starts = new Set<number>();
    const run = await api.waitRun(library, sourceId, runId, 15_000, (state) => {
      if (state.startedAt !== undefined) starts.add(state.startedAt);
    });
    return { run, attempts: starts.size };
  }

  it.each([
    [
      'a file:// path that does not exist',
      'missing',
      /does not appear to be a git repository|not found/i,
    ],
    [
      'an http remote nobody listens on, with a token',
      'refused',
      /failed to connect|connection refused|could not connect/i,
    ],
  ])(
    'fails the sync of %s after its retries, with git’s error and no secret',
    async (_label, kind, gitSays) => {
      const library = `unfetchable-${kind}-${randomBytes(3).toString('hex')}`;
      await api.createLibrary(library);
      const secret = `whsec-${randomBytes(12).toString('hex')}`;
      const token = `tok${randomBytes(16).toString('hex')}`;
      const url =
        kind === 'missing'
          ? pathToFileURL(
              join(tmpdir(), `ragline-missing-${randomBytes(4).toString('hex')}`, 'docs'),
            ).href
          : `http://ragline:${token}@127.0.0.1:${await freePort()}/docs.git`;
      const source = await api.addSource(library, {
        url,
        webhookSecret: secret,
        ...(kind === 'missing' ? { token } : {}),
        reconcileMinutes: 0,
      });
      expect(source).toMatchObject({ hasWebhookSecret: true, hasToken: true });
      const created = await attemptsOf(library, source.id, String(source.lastSync?.id));
      const head = 'a'.repeat(40);
      const pushed = await hooks.github(
        source.id,
        'push',
        gitHubPush({ before: head, after: head }),
        { secret },
      );
      expect(pushed).toMatchObject({ statusCode: 202, body: { status: 'queued' } });
      const fromPush = await attemptsOf(library, source.id, String(pushed.body.syncId));
      for (const { run, attempts } of [created, fromPush]) {
        expect(run.status).toBe('failed');
        expect(attempts).toBe(JOB_ATTEMPTS);
        expect(run.error).toMatch(gitSays);
      }
      const seen = JSON.stringify([
        await api.runs(library, source.id),
        (await api.source(library, source.id)).json,
        await api.call('GET', `/v1/libraries/${library}/sources`),
      ]);
      expect(seen).not.toContain(secret);
      expect(seen).not.toContain(token);
    },
  );

  it('skips binary files and counts them; a file that turns binary leaves the library', async () => {
    const fx = await fixture('binary');
    const before = await fx.repo.head();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49]);
    const after = await fx.repo.commit({
      'docs/logo.md': png,
      'docs/latin1.txt': Buffer.from('caf\xe9 cr\xe8me br\xfbl\xe9e', 'latin1'),
      'docs/page-00.md': Buffer.concat([Buffer.from('# now binary\n'), png]),
      'docs/plain.md': page('plain text page'),
    });
    const run = await pushAndSync(api, hooks, fx, { before, after });
    expect(run).toMatchObject({ status: 'completed', mode: 'diff' });
    expect(run.counts).toMatchObject({ skipped: 3, added: 1, deleted: 1, failed: 0 });
    for (const path of ['docs/logo.md', 'docs/latin1.txt']) {
      expect((await api.document(fx.library, documentIdOf(fx.source.id, path))).statusCode).toBe(
        404,
      );
    }
    const binary = new Set(['docs/logo.md', 'docs/latin1.txt', 'docs/page-00.md']);
    const expected = await headExpectation(fx.repo, (p) => DEFAULT_INCLUDED(p) && !binary.has(p));
    const check = await checkLibrary(api, fx.library, fx.source.id, expected, ['docs/page-00.md']);
    expect(check.mismatches).toEqual([]);
  });

  it('answers a force-push with a full scan: the library equals the new head', async () => {
    const fx = await fixture('force');
    const base = await fx.repo.head();
    const x1 = await fx.repo.commit({
      'docs/page-00.md': page('first draft'),
      'docs/page-01.md': page('first draft of b'),
      'docs/dropped.md': page('only in the dropped commit'),
    });
    expect(await pushAndSync(api, hooks, fx, { before: base, after: x1 })).toMatchObject({
      mode: 'diff',
    });
    await fx.repo.git('reset', '--hard', '--quiet', base);
    const x2 = await fx.repo.commit({
      'docs/page-00.md': page('rewritten'),
      'docs/page-02.md': page('rewritten c'),
      'docs/new.md': page('new in the rewrite'),
    });
    const run = await pushAndSync(api, hooks, fx, { before: x1, after: x2, forced: true });
    expect(run).toMatchObject({ status: 'completed', mode: 'scan', fromCommit: x1, toCommit: x2 });
    expect(run.counts).toMatchObject({ added: 1, modified: 3, deleted: 1, failed: 0 });
    const check = await checkLibrary(
      api,
      fx.library,
      fx.source.id,
      await headExpectation(fx.repo),
      ['docs/dropped.md'],
    );
    expect(check.mismatches).toEqual([]);
  });

  it('after a force-push that kept a file’s text (an amend), the file cites the new commit', async () => {
    const fx = await fixture('amend');
    const base = await fx.repo.head();
    const draft = await fx.repo.commit({
      'docs/page-00.md': page('kept through the amend'),
      'docs/page-01.md': page('a typo herre'),
    });
    await pushAndSync(api, hooks, fx, { before: base, after: draft });
    await fx.repo.git('reset', '--hard', '--quiet', base);
    const amended = await fx.repo.commit({
      'docs/page-00.md': page('kept through the amend'),
      'docs/page-01.md': page('a typo fixed'),
    });
    const run = await pushAndSync(api, hooks, fx, { before: draft, after: amended, forced: true });
    expect(run).toMatchObject({ status: 'completed', mode: 'scan' });
    expect(await fx.repo.lastCommitOf('docs/page-00.md')).toBe(amended);
    const check = await checkLibrary(
      api,
      fx.library,
      fx.source.id,
      await headExpectation(fx.repo),
      [],
    );
    expect(check.mismatches).toEqual([]);
  });

  it('turns a rename into a delete of the old document and an indexed new one', async () => {
    const fx = await fixture('rename');
    const before = await fx.repo.head();
    const text = page('alpha page 0');
    const after = await fx.repo.commit({
      'docs/page-00.md': null,
      'docs/moved/page-00.md': `${text}\nOne more line.\n`,
    });
    const run = await pushAndSync(api, hooks, fx, { before, after });
    expect(run.counts).toMatchObject({ renamed: 1, added: 0, deleted: 0, failed: 0 });
    const old = await api.document(fx.library, documentIdOf(fx.source.id, 'docs/page-00.md'));
    expect(old.json).toMatchObject({ status: 'deleted', chunks: 0 });
    const moved = await api.document(
      fx.library,
      documentIdOf(fx.source.id, 'docs/moved/page-00.md'),
    );
    expect(moved.json).toMatchObject({ status: 'indexed' });
    const check = await checkLibrary(
      api,
      fx.library,
      fx.source.id,
      await headExpectation(fx.repo),
      ['docs/page-00.md'],
    );
    expect(check.mismatches).toEqual([]);
  });

  it('follows only its branch: pushes to others are ignored, its own are synced', async () => {
    const library = `branch-${randomBytes(3).toString('hex')}`;
    await api.createLibrary(library);
    const repo = await ScratchRepo.create();
    repos.push(repo);
    await repo.commit(markdownFiles(3));
    await repo.git('checkout', '--quiet', '-b', 'release');
    await repo.commit({
      'docs/release-notes.md': page('release notes'),
      'docs/page-01.md': page('release b'),
    });
    await repo.git('checkout', '--quiet', 'main');
    const mainBefore = await repo.head();
    const mainAfter = await repo.commit({ 'docs/main-only.md': page('main only') });
    await repo.git('checkout', '--quiet', 'release');
    const secret = `whsec-${randomBytes(12).toString('hex')}`;
    const source = await api.addSource(library, {
      url: repo.url,
      branch: 'release',
      webhookSecret: secret,
      reconcileMinutes: 0,
    });
    const initial = await api.waitRun(library, source.id, String(source.lastSync?.id));
    expect(initial).toMatchObject({ status: 'completed', toCommit: await repo.head() });
    const runs = (await api.runs(library, source.id)).length;
    const ignored = await hooks.github(
      source.id,
      'push',
      gitHubPush({ before: mainBefore, after: mainAfter }),
      { secret },
    );
    expect(ignored).toMatchObject({ statusCode: 202, body: { status: 'ignored' } });
    expect((await api.runs(library, source.id)).length).toBe(runs);
    const releaseBefore = await repo.head();
    const releaseAfter = await repo.commit({ 'docs/page-02.md': page('release c') });
    const run = await pushAndSync(
      api,
      hooks,
      { library, repo, source, secret, initial },
      {
        ref: 'refs/heads/release',
        before: releaseBefore,
        after: releaseAfter,
      },
    );
    expect(run).toMatchObject({ status: 'completed', mode: 'diff', counts: { modified: 1 } });
    const expected = await headExpectation(repo);
    expect([...expected.keys()]).toContain('docs/release-notes.md');
    expect([...expected.keys()]).not.toContain('docs/main-only.md');
    const check = await checkLibrary(
      api,
      library,
      source.id,
      expected,
      ['docs/main-only.md'],
      'release',
    );
    expect(check.mismatches).toEqual([]);
  });
});
