import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/test-app';
import { checkLibrary, documentIdOf } from './library-check';
import { SourceApi } from './source-api';
import {
  headExpectation,
  markdownFiles,
  page,
  syncedSource,
  type SourceFixture,
} from './source-fixture';
import {
  gitHubExample,
  gitHubPush,
  gitHubTagPush,
  gitLabPush,
  signature,
  WebhookSender,
  type Delivered,
} from './webhook-sender';

/** Small, so a padded push is over it; the real example payloads are a few kilobytes. */
const MAX_BODY_BYTES = 64 * 1024;
const UNKNOWN_SOURCE = 's0123456789abcdef';

/**
 * Issue 14's webhook entry points on the real stack: GitHub signatures and GitLab tokens computed
 * here over the exact bytes sent, the real example payloads (`@octokit/webhooks-examples`, GitLab's
 * documented push), and what each bad delivery gets: 401, 404, 400 naming the field, 413, or a
 * 2xx that queues nothing.
 */
describe('push webhooks: verification, bad input and what is ignored (issue 14)', () => {
  let t: TestApp;
  let api: SourceApi;
  let hooks: WebhookSender;
  let fixture: SourceFixture;
  let head: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_BODY_BYTES: String(MAX_BODY_BYTES) } });
    api = new SourceApi(t);
    hooks = new WebhookSender(t);
    fixture = await syncedSource(api, 'hooks', markdownFiles(3));
    head = await fixture.repo.head();
  });
  afterAll(async () => {
    await t?.close();
    await fixture?.repo.cleanup();
  });

  const runCount = async () => (await api.runs(fixture.library, fixture.source.id)).length;
  const push = () => gitHubPush({ before: head, after: head });

  function expectError(answer: Delivered, status: number, code: string, field?: string) {
    expect({ status: answer.statusCode, ...(answer.body.error as object) }).toMatchObject({
      status,
      code,
      ...(field === undefined ? {} : { field }),
    });
    expect(JSON.stringify(answer.body)).not.toContain(fixture.secret);
  }

  it('refuses a wrong, missing or malformed signature with 401 and queues nothing', async () => {
    const before = await runCount();
    const deliveryId = randomUUID();
    const body = Buffer.from(JSON.stringify(push()));
    const cases: Array<Record<string, string> | null> = [
      { 'x-hub-signature-256': signature('another-secret-entirely', body) },
      null,
      { 'x-hub-signature-256': 'sha256=not-hex' },
      { 'x-hub-signature-256': signature(fixture.secret, body).replace('sha256=', 'sha1=') },
      // Signed over other bytes than those sent: one space more.
      { 'x-hub-signature-256': signature(fixture.secret, Buffer.from(` ${body.toString()}`)) },
    ];
    for (const headers of cases) {
      const answer = await hooks.github(fixture.source.id, 'push', body, {
        secret: null,
        deliveryId,
        ...(headers ? { headers } : {}),
      });
      expectError(answer, 401, 'UNAUTHORIZED', 'X-Hub-Signature-256');
    }
    expect(await runCount()).toBe(before);
    // A refused delivery does not use up its id: the signed one with the same id is queued.
    const signed = await hooks.github(fixture.source.id, 'push', body, {
      secret: fixture.secret,
      deliveryId,
    });
    expect(signed).toMatchObject({ statusCode: 202, body: { status: 'queued' } });
    await api.waitRun(fixture.library, fixture.source.id, String(signed.body.syncId));
    expect(await runCount()).toBe(before + 1);
  });

  it('refuses a wrong or missing GitLab token with 401 and queues nothing', async () => {
    const before = await runCount();
    const payload = gitLabPush({ before: head, after: head });
    for (const token of ['glpat-wrong-token-000000000000', null, `${fixture.secret}x`]) {
      const answer = await hooks.gitlab(fixture.source.id, 'Push Hook', payload, { token });
      expectError(answer, 401, 'UNAUTHORIZED', 'X-Gitlab-Token');
    }
    expect(await runCount()).toBe(before);
  });

  it('answers 404 for a source that does not exist, on both routes', async () => {
    const github = await hooks.github(UNKNOWN_SOURCE, 'push', push(), { secret: fixture.secret });
    expectError(github, 404, 'SOURCE_NOT_FOUND');
    const gitlab = await hooks.gitlab(
      UNKNOWN_SOURCE,
      'Push Hook',
      gitLabPush({ before: head, after: head }),
      {
        token: fixture.secret,
      },
    );
    expectError(gitlab, 404, 'SOURCE_NOT_FOUND');
  });

  it('answers 400 naming the field for a malformed payload, and queues nothing', async () => {
    const before = await runCount();
    const { ref: _ref, ...noRef } = push();
    const cases: Array<[unknown, string]> = [
      [noRef, 'ref'],
      [{ ...push(), after: 'not-a-commit' }, 'after'],
      [{ ...push(), before: head.slice(0, 12) }, 'before'],
      [{ ...push(), ref: 42 }, 'ref'],
      ['{"ref": "refs/heads/main", ', 'body'],
    ];
    for (const [payload, field] of cases) {
      const answer = await hooks.github(fixture.source.id, 'push', payload, {
        secret: fixture.secret,
      });
      expectError(answer, 400, 'VALIDATION_FAILED', field);
      expect(String((answer.body.error as { message: string }).message)).toContain(field);
    }
    const { after: _after, ...noAfter } = gitLabPush({ before: head, after: head });
    const gitlab = await hooks.gitlab(fixture.source.id, 'Push Hook', noAfter, {
      token: fixture.secret,
    });
    expectError(gitlab, 400, 'VALIDATION_FAILED', 'after');
    expect(await runCount()).toBe(before);
  });

  it('answers 413 for a body over MAX_BODY_BYTES, signed or not, and queues nothing', async () => {
    const before = await runCount();
    const padded = { ...push(), padding: 'x'.repeat(MAX_BODY_BYTES) };
    const answer = await hooks.github(fixture.source.id, 'push', padded, {
      secret: fixture.secret,
    });
    expectError(answer, 413, 'PAYLOAD_TOO_LARGE', 'body');
    const gitlab = await hooks.gitlab(
      fixture.source.id,
      'Push Hook',
      { ...gitLabPush({ before: head, after: head }), padding: 'x'.repeat(MAX_BODY_BYTES) },
      { token: fixture.secret },
    );
    expectError(gitlab, 413, 'PAYLOAD_TOO_LARGE', 'body');
    expect(await runCount()).toBe(before);
  });

  it('answers a ping with 202 and queues nothing', async () => {
    const before = await runCount();
    const ping = await hooks.github(fixture.source.id, 'ping', gitHubExample('ping'), {
      secret: fixture.secret,
    });
    expect(ping).toMatchObject({
      statusCode: 202,
      body: { status: 'pong', source: fixture.source.id },
    });
    expect(await runCount()).toBe(before);
  });

  it('ignores other branches, tags and events with 202 and queues nothing', async () => {
    const before = await runCount();
    const other = await hooks.github(
      fixture.source.id,
      'push',
      gitHubPush({ ref: 'refs/heads/feature/x', before: head, after: head }),
      { secret: fixture.secret },
    );
    expect(other).toMatchObject({ statusCode: 202, body: { status: 'ignored' } });
    expect(String(other.body.reason)).toContain('feature/x');
    const tag = await hooks.github(fixture.source.id, 'push', gitHubTagPush(head), {
      secret: fixture.secret,
    });
    expect(tag).toMatchObject({ statusCode: 202, body: { status: 'ignored', reason: 'tag-push' } });
    const issues = await hooks.github(fixture.source.id, 'issues', gitHubExample('issues'), {
      secret: fixture.secret,
    });
    expect(issues).toMatchObject({ statusCode: 202, body: { reason: 'event-not-handled' } });
    const gitlabTag = await hooks.gitlab(
      fixture.source.id,
      'Tag Push Hook',
      {
        ...gitLabPush({ ref: 'refs/tags/v1.0.0', before: '0'.repeat(40), after: head }),
        object_kind: 'tag_push',
      },
      { token: fixture.secret },
    );
    expect(gitlabTag).toMatchObject({
      statusCode: 202,
      body: { status: 'ignored', reason: 'tag-push' },
    });
    const gitlabOther = await hooks.gitlab(
      fixture.source.id,
      'Push Hook',
      gitLabPush({ ref: 'refs/heads/develop', before: head, after: head }),
      { token: fixture.secret },
    );
    expect(gitlabOther).toMatchObject({ statusCode: 202, body: { status: 'ignored' } });
    expect(await runCount()).toBe(before);
  });

  it('syncs a GitLab push end to end and answers its redeliveries as duplicates', async () => {
    const before = await fixture.repo.head();
    const after = await fixture.repo.commit(
      {
        'docs/page-01.md': page('gitlab edited page'),
        'docs/gitlab-new.md': page('gitlab new page'),
      },
      { message: 'edit from gitlab' },
    );
    const payload = gitLabPush({ before, after });
    const uuid = randomUUID();
    const answer = await hooks.gitlab(fixture.source.id, 'Push Hook', payload, {
      token: fixture.secret,
      uuid,
    });
    expect(answer).toMatchObject({ statusCode: 202, body: { status: 'queued' } });
    const run = await api.waitRun(fixture.library, fixture.source.id, String(answer.body.syncId));
    expect(run).toMatchObject({
      status: 'completed',
      mode: 'diff',
      fromCommit: before,
      toCommit: after,
    });
    expect(run.counts).toMatchObject({ added: 1, modified: 1, deleted: 0, failed: 0 });
    await api.waitIdle(fixture.library);
    const redelivered = await hooks.gitlab(fixture.source.id, 'Push Hook', payload, {
      token: fixture.secret,
      uuid,
    });
    expect(redelivered).toMatchObject({ statusCode: 202, body: { status: 'duplicate' } });
    // Without an event UUID, GitLab's Idempotency-Key dedupes.
    const key = randomUUID();
    const keyed = { token: fixture.secret, uuid: null, headers: { 'idempotency-key': key } };
    const first = await hooks.gitlab(fixture.source.id, 'Push Hook', payload, keyed);
    const again = await hooks.gitlab(fixture.source.id, 'Push Hook', payload, keyed);
    expect([first.body.status, again.body.status]).toEqual(['queued', 'duplicate']);
    await api.waitRun(fixture.library, fixture.source.id, String(first.body.syncId));
    const check = await checkLibrary(
      api,
      fixture.library,
      fixture.source.id,
      await headExpectation(fixture.repo),
      [],
    );
    expect(check.mismatches).toEqual([]);
    const edited = await api.document(
      fixture.library,
      documentIdOf(fixture.source.id, 'docs/page-01.md'),
    );
    expect(edited.json).toMatchObject({ status: 'indexed' });
  });

  it('answers a GitHub redelivery (same X-GitHub-Delivery) as a duplicate', async () => {
    const before = await fixture.repo.head();
    const after = await fixture.repo.commit({ 'docs/page-02.md': page('redelivered page') });
    const deliveryId = randomUUID();
    const payload = gitHubPush({ before, after });
    const first = await hooks.github(fixture.source.id, 'push', payload, {
      secret: fixture.secret,
      deliveryId,
    });
    const again = await hooks.github(fixture.source.id, 'push', payload, {
      secret: fixture.secret,
      deliveryId,
    });
    expect([first.body.status, again.body.status]).toEqual(['queued', 'duplicate']);
    const run = await api.waitRun(fixture.library, fixture.source.id, String(first.body.syncId));
    expect(run).toMatchObject({ status: 'completed', toCommit: after });
    head = after;
  });
});
