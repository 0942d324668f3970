import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/test-app';
import { waitFor } from '../../support/test-env';
import { checkLibrary } from './library-check';
import { plainInRedis } from './redis-plaintext';
import { ScratchRepo, type Edits } from './scratch-repo';
import { SourceApi, type DocumentView, type SyncRunView } from './source-api';
import { headExpectation, markdownFiles, syncedSource, type SourceFixture } from './source-fixture';
import { gitHubPush, WebhookSender } from './webhook-sender';

/**
 * Issue 14's source lifecycle on the real stack: the delete guard (a sweep against a truncated or
 * empty listing deletes nothing until confirmed), changing globs, removing a source (tombstones,
 * then 404), and secrets that are never returned nor stored in the clear.
 */
describe('sources: delete guard, globs, removal and secrets (issue 14)', () => {
  const repos: ScratchRepo[] = [];
  let t: TestApp;
  let api: SourceApi;
  let hooks: WebhookSender;

  beforeAll(async () => {
    t = await startTestApp();
    api = new SourceApi(t);
    hooks = new WebhookSender(t);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all(repos.map((repo) => repo.cleanup()));
  });

  async function fixture(name: string, files: Edits): Promise<SourceFixture> {
    const synced = await syncedSource(api, name, files);
    repos.push(synced.repo);
    expect(synced.initial).toMatchObject({ status: 'completed' });
    return synced;
  }

  const byStatus = (documents: Map<string, DocumentView>) => {
    const counts: Record<string, number> = {};
    for (const document of documents.values())
      counts[document.status] = (counts[document.status] ?? 0) + 1;
    return counts;
  };

  it.each([
    ['truncated (90 % of the files gone)', 18, 'would delete 18 of 20'],
    ['empty (no included file left)', 20, 'holds no included file'],
  ])('stops a sweep whose listing is %s until it is confirmed', async (_label, removed, reason) => {
    const fx = await fixture('guard', markdownFiles(20));
    const gone = Object.keys(markdownFiles(20)).slice(0, removed);
    // No webhook: only a sweep can notice.
    await fx.repo.commit(Object.fromEntries(gone.map((path) => [path, null])), { message: 'drop' });
    const queued = await api.syncNow(fx.library, fx.source.id);
    const stopped = await api.waitRun(fx.library, fx.source.id, queued.id);
    expect(stopped).toMatchObject({
      status: 'needs-confirmation',
      mode: 'scan',
      trigger: 'manual',
    });
    expect(stopped.error).toContain(reason);
    expect(stopped.counts).toMatchObject({
      scanned: 20 - removed,
      deleted: 0,
      added: 0,
      modified: 0,
    });
    expect(stopped.plan).toMatchObject({ deletes: removed, upserts: 0, known: 20 });
    expect(stopped.plan?.samplePaths.deletes.sort()).toEqual([...gone].sort());
    await api.waitIdle(fx.library);
    expect(byStatus(await api.documents(fx.library, fx.source.id))).toEqual({ indexed: 20 });

    const confirmed = await api.call<SyncRunView>(
      'POST',
      `/v1/libraries/${fx.library}/sources/${fx.source.id}/syncs/${queued.id}/confirm`,
    );
    expect(confirmed).toMatchObject({ statusCode: 202, json: { id: queued.id, status: 'queued' } });
    const applied = await api.waitRun(fx.library, fx.source.id, queued.id);
    expect(applied).toMatchObject({ status: 'completed', mode: 'scan' });
    expect(applied.counts).toMatchObject({ deleted: removed, failed: 0 });
    await api.waitIdle(fx.library);
    const check = await checkLibrary(
      api,
      fx.library,
      fx.source.id,
      await headExpectation(fx.repo),
      gone,
    );
    expect(check.mismatches).toEqual([]);
    const again = await api.call(
      'POST',
      `/v1/libraries/${fx.library}/sources/${fx.source.id}/syncs/${queued.id}/confirm`,
    );
    expect(again.statusCode).toBe(409);
  });

  it('makes the documents follow a change of include and exclude globs', async () => {
    const files: Edits = {
      ...markdownFiles(8),
      'notes.txt': 'Plain notes about the release process and its checklist.\n',
      'api/overview.rst': 'API overview\n============\n\nThe overview of the public API surface.\n',
      'api/errors.rst': 'Errors\n======\n\nEvery error code the API answers with.\n',
    };
    const fx = await fixture('globs', files);
    expect(fx.initial.counts).toMatchObject({ added: 9 });
    const included = await api.patch(fx.library, fx.source.id, {
      include: ['**/*.md', '**/*.rst'],
    });
    expect(included).toMatchObject({ statusCode: 200, json: { include: ['**/*.md', '**/*.rst'] } });
    const swept = await api.waitRun(fx.library, fx.source.id, String(included.json.lastSync?.id));
    expect(swept).toMatchObject({ status: 'completed', trigger: 'updated' });
    expect(swept.counts).toMatchObject({ added: 2, deleted: 1 });
    await api.waitIdle(fx.library);
    const mdOrRst = (path: string) => /\.(md|rst)$/.test(path);
    let check = await checkLibrary(
      api,
      fx.library,
      fx.source.id,
      await headExpectation(fx.repo, mdOrRst),
      ['notes.txt'],
    );
    expect(check.mismatches).toEqual([]);

    const excluded = await api.patch(fx.library, fx.source.id, { exclude: ['docs/page-07.md'] });
    const second = await api.waitRun(fx.library, fx.source.id, String(excluded.json.lastSync?.id));
    expect(second.counts).toMatchObject({ deleted: 1, added: 0 });
    await api.waitIdle(fx.library);
    const kept = (path: string) => mdOrRst(path) && path !== 'docs/page-07.md';
    check = await checkLibrary(
      api,
      fx.library,
      fx.source.id,
      await headExpectation(fx.repo, kept),
      ['notes.txt', 'docs/page-07.md'],
    );
    expect(check.mismatches).toEqual([]);
  });

  it('deletes a source: its documents become tombstones, then the source is gone (404)', async () => {
    const fx = await fixture('remove', markdownFiles(3));
    const path = `/v1/libraries/${fx.library}/sources/${fx.source.id}`;
    const indexed = await api.documents(fx.library, fx.source.id);
    const removed = await api.call('DELETE', path);
    expect(removed).toMatchObject({
      statusCode: 202,
      json: { id: fx.source.id, status: 'deleting' },
    });
    const documents = await waitFor(
      async () => {
        const found = await api.documents(fx.library, fx.source.id);
        return [...found.values()].every((d) => d.status === 'deleted') ? found : undefined;
      },
      30_000,
      'the source’s documents to be tombstones',
    );
    expect([...documents.values()].map((d) => [d.status, d.chunks])).toEqual([
      ['deleted', 0],
      ['deleted', 0],
      ['deleted', 0],
    ]);
    // Versioned tombstones: each deletion is a newer version than what was indexed.
    for (const [id, document] of documents) {
      expect(document.version).toBeGreaterThan(indexed.get(id)?.version ?? Infinity);
    }
    expect((await api.library(fx.library)).chunks).toBe(0);
    for (const route of [path, `${path}/syncs`, `${path}/syncs/${fx.initial.id}`]) {
      const answer = await api.call('GET', route);
      expect({ route, status: answer.statusCode }).toEqual({ route, status: 404 });
    }
    const listed = await api.call<{ sources: unknown[] }>(
      'GET',
      `/v1/libraries/${fx.library}/sources`,
    );
    expect(listed.json.sources).toEqual([]);
    const head = await fx.repo.head();
    const hook = await hooks.github(
      fx.source.id,
      'push',
      gitHubPush({ before: head, after: head }),
      {
        secret: fx.secret,
      },
    );
    expect(hook.statusCode).toBe(404);
  });

  it('never returns nor stores a secret in the clear, and a new secret replaces the old', async () => {
    const library = `secrets-${randomBytes(3).toString('hex')}`;
    await api.createLibrary(library);
    const repo = await ScratchRepo.create();
    repos.push(repo);
    await repo.commit(markdownFiles(1));
    const secret = `whsec-${randomBytes(16).toString('hex')}`;
    const token = `tok${randomBytes(16).toString('hex')}`;
    const created = await api.createSource(library, {
      kind: 'git',
      url: repo.url,
      branch: 'main',
      webhookSecret: secret,
      token,
      reconcileMinutes: 0,
    });
    expect(created.json).toMatchObject({ hasWebhookSecret: true, hasToken: true });
    const id = created.json.id;
    await api.waitRun(library, id, String(created.json.lastSync?.id));
    const rotated = `whsec-${randomBytes(16).toString('hex')}`;
    const patched = await api.patch(library, id, { webhookSecret: rotated });
    const answers = [
      created,
      patched,
      await api.source(library, id),
      await api.call('GET', `/v1/libraries/${library}/sources`),
      await api.call('GET', `/v1/libraries/${library}/sources/${id}/syncs`),
    ];
    for (const answer of answers) {
      for (const value of [secret, token, rotated]) expect(answer.body).not.toContain(value);
      expect(answer.body).not.toMatch(/"(webhookSecret|token)"/);
    }
    expect(await plainInRedis(t, id, [secret, token, rotated])).toEqual([]);
    const head = await repo.head();
    const payload = gitHubPush({ before: head, after: head });
    expect((await hooks.github(id, 'push', payload, { secret })).statusCode).toBe(401);
    expect((await hooks.github(id, 'push', payload, { secret: rotated })).body).toMatchObject({
      status: 'queued',
    });
  });
});
