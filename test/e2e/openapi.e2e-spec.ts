import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document } from 'openapi-backend';
import { chromium } from 'playwright-core';
import { FakeOpenAiCompatibleServer } from '../../libs/generators/src/testing/fake-openai-compatible-server';
import {
  DOCS_CONTENT_SECURITY_POLICY,
  routeGaps,
} from '../../apps/api/src/openapi/register-openapi';
import {
  ContractClient,
  type SendOptions,
} from '../../apps/api/src/openapi/testing/contract-client';
import { OpenApiContract } from '../../apps/api/src/openapi/testing/openapi-contract';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/test-env';

type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/**
 * The served /openapi.json against the real API (keys required, embedded worker, real Redis and
 * LanceDB): every request below, valid or not, and its answer are checked against the document.
 * An undocumented route or status, an answer not matching its schema, or a request the API
 * accepted that the document rejects, fails the suite; so does a served route the document lacks.
 */
describe('OpenAPI document against real requests (auth required)', () => {
  const root = `root-${randomBytes(24).toString('hex')}`;
  let t: TestApp;
  let lean: TestApp;
  let llm: FakeOpenAiCompatibleServer;
  let contract: OpenApiContract;
  let client: ContractClient;
  let document: Document;

  const send = (app: TestApp, method: Method, url: string, body?: unknown, options?: SendOptions) =>
    client.send(app, method, url, body, options);
  const call = (method: Method, url: string, body?: unknown, key?: string | null) =>
    client.send(t, method, url, body, { key });

  /** The request is refused by the API (`status`), and the document rejects it too. */
  async function refused(status: number, method: Method, url: string, body?: unknown) {
    expect((await call(method, url, body)).statusCode).toBe(status);
    expect({ url, body, accepted: client.accepts(method, url, body) }).toEqual({
      url,
      body,
      accepted: false,
    });
  }

  /** Polls an event with the root key (unchecked: polling is not the subject) until it is final. */
  const settled = (url: string) =>
    waitFor(
      async () => {
        const response = await t.request('GET', url, undefined, {
          authorization: `Bearer ${root}`,
        });
        const { status } = response.json<{ status?: string }>();
        return status === 'completed' || status === 'failed' || status === 'superseded'
          ? status
          : undefined;
      },
      20_000,
      url,
    );

  beforeAll(async () => {
    llm = new FakeOpenAiCompatibleServer();
    const auth = { AUTH: 'required', RAGLINE_ADMIN_KEY: root };
    t = await startTestApp({
      env: {
        ...auth,
        GENERATOR: 'openai-compatible',
        GENERATOR_URL: await llm.start(),
        GENERATOR_TIMEOUT_MS: '400',
        MAX_BODY_BYTES: String(64 * 1024),
      },
    });
    // No worker, one pending document at most, a few requests a minute: 429s and a 504.
    lean = await startTestApp({
      withWorker: false,
      env: { ...auth, RATE_LIMIT_PER_MINUTE: '6', INTAKE_MAX_PENDING: '1' },
    });
    const served = await t.request('GET', '/openapi.json');
    document = served.json<Document>();
    contract = await OpenApiContract.load(document);
    client = new ContractClient(contract, root);
  });

  afterAll(async () => {
    await t?.close();
    await lean?.close();
    await llm?.close();
  });

  it('libraries and keys: 201, 200, 202, 400, 403, 404, 409', async () => {
    expect(
      (await call('POST', '/v1/libraries', { name: 'oa-lib', description: 'Docs' })).statusCode,
    ).toBe(201);
    expect((await call('POST', '/v1/libraries', { name: 'oa-lib' })).statusCode).toBe(409);
    await refused(400, 'POST', '/v1/libraries', { name: 'Not A Name' });
    expect((await call('GET', '/v1/libraries')).statusCode).toBe(200);
    expect((await call('GET', '/v1/libraries/oa-lib')).statusCode).toBe(200);
    expect((await call('GET', '/v1/libraries/missing')).statusCode).toBe(404);

    const created = await call('POST', '/v1/keys', { name: 'ingest', scopes: ['ingest'] });
    expect(created.statusCode).toBe(201);
    await refused(400, 'POST', '/v1/keys', { scopes: ['everything'] });
    expect((await call('GET', '/v1/keys')).statusCode).toBe(200);
    expect((await call('GET', '/v1/keys?tenant=default')).statusCode).toBe(200);
    await refused(400, 'GET', '/v1/keys?colour=red');
    expect(
      (await call('GET', '/v1/keys', undefined, created.json<{ key: string }>().key)).statusCode,
    ).toBe(403);
    // Never used before its revocation, so no API process holds it in its key cache.
    const spare = (await call('POST', '/v1/keys', { scopes: ['query'] })).json<{
      id: string;
      key: string;
    }>();
    expect((await call('DELETE', `/v1/keys/${spare.id}`)).statusCode).toBe(200);
    expect((await call('GET', '/v1/libraries', undefined, spare.key)).statusCode).toBe(401);
    expect((await call('DELETE', '/v1/keys/zzzzzzzzzzzz')).statusCode).toBe(404);
    await refused(400, 'DELETE', '/v1/keys/short');
  });

  it('documents and events in both path forms: 202, 200, 400, 401, 403, 404, 413, 415, 422', async () => {
    const ingest = (await call('POST', '/v1/keys', { scopes: ['ingest'] })).json<{ key: string }>()
      .key;
    const reader = (
      await call('POST', '/v1/keys', { scopes: ['query'], libraries: ['oa-lib'] })
    ).json<{ key: string }>().key;
    const guide = '/v1/libraries/oa-lib/documents/guide%2Fintro.md';
    const handbook = '/v1/documents/handbook%2Fonboarding.md';
    const text =
      'New engineers get a laptop on day one. The on-call rotation starts after three months.';
    const first = await send(
      t,
      'PUT',
      guide,
      { text, title: 'Intro', metadata: { team: 'docs', year: 2024 } },
      {
        headers: { 'idempotency-key': 'oa-1' },
      },
    );
    expect(first.statusCode).toBe(202);
    const reused = await send(
      t,
      'PUT',
      guide,
      { text: 'Something else.' },
      { headers: { 'idempotency-key': 'oa-1' } },
    );
    expect(reused.statusCode).toBe(422);
    const second = await send(
      t,
      'PUT',
      handbook,
      { text, acl: { read: ['group:eng'] }, format: 'text' },
      { key: ingest },
    );
    expect(second.statusCode).toBe(202);
    const events = [first, second].map((response) => response.json<{ eventId: string }>().eventId);
    await settled(`/v1/libraries/oa-lib/events/${events[0]}`);
    await settled(`/v1/events/${events[1]}`);

    expect((await call('GET', `/v1/libraries/oa-lib/events/${events[0]}`)).statusCode).toBe(200);
    expect((await call('GET', `/v1/events/${events[1]}`, undefined, ingest)).statusCode).toBe(200);
    expect((await call('GET', `/v1/events/${randomUUID()}`)).statusCode).toBe(404);
    await refused(400, 'GET', '/v1/events/not-a-uuid');
    expect((await call('GET', guide)).statusCode).toBe(200);
    expect((await call('GET', handbook)).statusCode).toBe(200);
    expect((await call('GET', '/v1/documents/nothing-here.md')).statusCode).toBe(404);
    expect((await call('GET', '/v1/libraries/oa-lib/documents?limit=1')).statusCode).toBe(200);
    expect((await call('GET', '/v1/documents?status=indexed&source=api')).statusCode).toBe(200);
    await refused(400, 'GET', '/v1/documents?limit=0');
    await refused(400, 'GET', '/v1/documents?colour=red');

    await refused(400, 'PUT', handbook, { text: 5 });
    await refused(400, 'PUT', handbook, { text, extra: true });
    const asText = await send(t, 'PUT', handbook, 'plain words', {
      headers: { 'content-type': 'text/plain' },
    });
    expect(asText.statusCode).toBe(415);
    expect((await call('PUT', handbook, { text: 'x'.repeat(70 * 1024) })).statusCode).toBe(413);
    expect((await call('PUT', handbook, { text }, null)).statusCode).toBe(401);
    expect((await call('PUT', handbook, { text }, 'rl_aaaaaaaaaaaa_nope')).statusCode).toBe(401);
    expect((await call('PUT', guide, { text }, reader)).statusCode).toBe(403);
    expect((await call('GET', handbook, undefined, reader)).statusCode).toBe(403);
    expect((await call('GET', guide, undefined, reader)).statusCode).toBe(200);

    expect((await call('DELETE', `${guide}?version=99`)).statusCode).toBe(202);
    expect((await call('DELETE', handbook, undefined, ingest)).statusCode).toBe(202);
    await refused(400, 'DELETE', `${handbook}?version=abc`);
  });

  it('query and augment (JSON, generated, streamed, generator failures): 200, 400, 403, 404, 429, 502, 503', async () => {
    const put = await call('PUT', '/v1/documents/tides.md', {
      text: 'Spring tides happen at new and full moon. Neap tides happen at the quarter moons.',
      title: 'Tides',
      metadata: { topic: 'sea' },
    });
    const { eventId } = put.json<{ eventId: string }>();
    const question = { query: 'when are spring tides?' };
    const filtered = {
      ...question,
      topK: 3,
      mode: 'hybrid',
      filter: { metadata: { topic: { anyOf: ['sea'] } } },
    };
    const consistent = { ...question, consistency: { afterEvents: [eventId], timeoutMs: 10_000 } };
    expect((await call('POST', '/v1/query', consistent)).statusCode).toBe(200);
    expect((await call('POST', '/v1/query', filtered)).statusCode).toBe(200);
    expect((await call('POST', '/v1/libraries/oa-lib/query', question)).statusCode).toBe(200);
    await refused(400, 'POST', '/v1/query', {});
    await refused(400, 'POST', '/v1/query', { ...question, topK: 1000 });
    expect((await call('POST', '/v1/query', { ...question, rerank: true })).statusCode).toBe(400);
    const unknownEvent = { ...question, consistency: { afterEvents: [randomUUID()] } };
    expect((await call('POST', '/v1/query', unknownEvent)).statusCode).toBe(404);
    const reader = (await call('POST', '/v1/keys', { scopes: ['query'] })).json<{ key: string }>()
      .key;
    const onBehalf = { ...question, principals: ['group:eng'] };
    expect((await call('POST', '/v1/query', onBehalf, reader)).statusCode).toBe(403);
    expect((await call('POST', '/v1/query', question, reader)).statusCode).toBe(200);

    expect(
      (await call('POST', '/v1/augment', { ...question, maxContextTokens: 200 })).statusCode,
    ).toBe(200);
    expect((await call('POST', '/v1/libraries/oa-lib/augment', question)).statusCode).toBe(200);
    const answered = await call('POST', '/v1/augment', { ...question, generate: true });
    expect(answered.json<{ answer?: unknown }>().answer).toBeDefined();
    const streamed = await call('POST', '/v1/augment', { ...question, stream: true });
    expect(streamed.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(streamed.body).toContain('event: done');
    llm.enqueue({ stallAfter: ['Spring '] });
    expect((await call('POST', '/v1/augment', { ...question, stream: true })).body).toContain(
      'event: error',
    );
    await refused(400, 'POST', '/v1/augment', { ...question, template: 42 });
    expect((await call('POST', '/v1/augment', { ...question, template: 'nope' })).statusCode).toBe(
      400,
    );
    llm.enqueue({ status: 429, headers: { 'retry-after': '7' } }, { status: 500 }, { status: 401 });
    for (const status of [429, 503, 502]) {
      expect((await call('POST', '/v1/augment', { ...question, generate: true })).statusCode).toBe(
        status,
      );
    }
  });

  it('status, probes and library deletion: 200, 202, 401, 404, 409', async () => {
    expect((await call('GET', '/v1/status')).statusCode).toBe(200);
    expect((await call('GET', '/v1/status', undefined, null)).statusCode).toBe(401);
    expect((await call('GET', '/health', undefined, null)).statusCode).toBe(200);
    expect((await call('GET', '/ready', undefined, null)).statusCode).toBe(200);
    expect((await call('GET', '/openapi.json', undefined, null)).statusCode).toBe(200);
    expect((await call('DELETE', '/v1/libraries/oa-lib')).statusCode).toBe(202);
    // The worker may already have freed the name: 409 LIBRARY_DELETING or 404, both documented.
    const late = await call('PUT', '/v1/libraries/oa-lib/documents/late.md', { text: 'late' });
    expect([404, 409]).toContain(late.statusCode);
    expect((await call('DELETE', '/v1/libraries/never-was')).statusCode).toBe(404);
  });

  it('back-pressure, read-your-writes timeout, missing generator and rate limits: 429, 504, 400', async () => {
    const first = await send(lean, 'PUT', '/v1/documents/a.md', { text: 'A.' });
    expect(first.statusCode).toBe(202);
    expect((await send(lean, 'PUT', '/v1/documents/b.md', { text: 'B.' })).statusCode).toBe(429);
    const { eventId } = first.json<{ eventId: string }>();
    const waiting = { query: 'a', consistency: { afterEvents: [eventId], timeoutMs: 50 } };
    expect((await send(lean, 'POST', '/v1/query', waiting)).statusCode).toBe(504);
    expect(
      (await send(lean, 'POST', '/v1/augment', { query: 'a', generate: true })).statusCode,
    ).toBe(400);
    expect((await send(lean, 'GET', '/v1/status')).statusCode).toBe(200);
    expect((await send(lean, 'GET', '/v1/libraries')).statusCode).toBe(200);
    const limited = await send(lean, 'GET', '/v1/libraries');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });

  it('sources, their syncs, webhooks and metrics: 201, 200, 202, 401, 404, 409', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'ragline-oa-repo-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: repo });
    try {
      expect((await call('POST', '/v1/libraries', { name: 'oa-src' })).statusCode).toBe(201);
      git('init', '-q', '-b', 'main');
      await writeFile(join(repo, 'guide.md'), '# Guide\n\nSources follow a branch.\n');
      git('add', '.');
      git('commit', '-qm', 'first');
      const created = await call('POST', '/v1/libraries/oa-src/sources', {
        kind: 'git',
        url: `file://${repo}`,
        branch: 'main',
        webhookSecret: 'oa-webhook-secret',
      });
      expect(created.statusCode).toBe(201);
      const id = created.json<{ id: string }>().id;
      const base = `/v1/libraries/oa-src/sources/${id}`;
      expect((await call('GET', '/v1/libraries/oa-src/sources')).statusCode).toBe(200);
      expect((await call('GET', base)).statusCode).toBe(200);
      expect((await call('GET', '/v1/libraries/oa-src/sources/s0000000000000000')).statusCode).toBe(
        404,
      );
      expect((await call('PATCH', base, { reconcileMinutes: 0 })).statusCode).toBe(200);
      const sync = await call('POST', `${base}/sync`);
      expect(sync.statusCode).toBe(202);
      const runUrl = `${base}/syncs/${sync.json<{ id: string }>().id}`;
      await waitFor(async () => {
        const run = await t.request('GET', runUrl, undefined, { authorization: `Bearer ${root}` });
        return run.json<{ status: string }>().status === 'completed' ? true : undefined;
      });
      expect((await call('GET', `${base}/syncs`)).statusCode).toBe(200);
      expect((await call('GET', runUrl)).statusCode).toBe(200);
      expect((await call('POST', `${runUrl}/confirm`)).statusCode).toBe(409);
      expect((await call('GET', `${runUrl}/events`)).statusCode).toBe(200);

      const ping = { zen: 'Keep it logically awesome.', hook_id: 1 };
      const signature = `sha256=${createHmac('sha256', 'oa-webhook-secret').update(JSON.stringify(ping)).digest('hex')}`;
      const pong = await send(t, 'POST', `/v1/webhooks/github/${id}`, ping, {
        key: null,
        headers: {
          'x-github-event': 'ping',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': signature,
        },
      });
      expect(pong.statusCode).toBe(202);
      const refusedHook = await send(
        t,
        'POST',
        `/v1/webhooks/gitlab/${id}`,
        { object_kind: 'push' },
        {
          key: null,
          headers: { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'wrong-token' },
        },
      );
      expect(refusedHook.statusCode).toBe(401);
      expect((await call('GET', '/metrics')).statusCode).toBe(200);
      expect((await call('DELETE', base)).statusCode).toBe(202);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });

  it('reindex runs: 202, 200, 400, 404, 409, 422', async () => {
    expect((await call('POST', '/v1/libraries', { name: 'oa-reindex' })).statusCode).toBe(201);
    const base = '/v1/libraries/oa-reindex/reindex';
    const put = await call('PUT', '/v1/libraries/oa-reindex/documents/a.md', { text: 'Alpha.' });
    await settled(`/v1/libraries/oa-reindex/events/${put.json<{ eventId: string }>().eventId}`);
    const body = { swap: 'manual', chunking: { sizeTokens: 64, overlapTokens: 0 } };
    const started = await call('POST', base, body, undefined);
    expect(started.statusCode).toBe(202);
    const id = started.json<{ reindexId: string }>().reindexId;
    await refused(400, 'POST', base, { swap: 'sometimes' });
    expect((await call('POST', base, {})).statusCode).toBe(409);
    const keyed = await client.send(
      t,
      'POST',
      base,
      { swap: 'auto' },
      {
        headers: { 'idempotency-key': 'oa-reindex-key' },
      },
    );
    expect(keyed.statusCode).toBe(409);
    await waitFor(async () => {
      const run = await t.request('GET', `${base}/${id}`, undefined, {
        authorization: `Bearer ${root}`,
      });
      return run.json<{ status: string }>().status === 'ready' ? true : undefined;
    });
    expect((await call('GET', base)).statusCode).toBe(200);
    expect((await call('GET', `${base}/${id}`)).statusCode).toBe(200);
    expect((await call('GET', `${base}/r0000000000000000`)).statusCode).toBe(404);
    expect((await call('POST', `${base}/${id}/rollback`)).statusCode).toBe(409);
    expect((await call('POST', `${base}/${id}/swap`)).statusCode).toBe(200);
    expect((await call('GET', `${base}/${id}/events`)).statusCode).toBe(200);
    expect((await call('POST', `${base}/${id}/cancel`)).statusCode).toBe(409);
    expect((await call('POST', `${base}/${id}/rollback`)).statusCode).toBe(200);
    const again = { swap: 'manual' };
    const first = await client.send(t, 'POST', base, again, {
      headers: { 'idempotency-key': 'oa-reindex-key-2' },
    });
    expect(first.statusCode).toBe(202);
    const reused = await client.send(
      t,
      'POST',
      base,
      { swap: 'auto' },
      {
        headers: { 'idempotency-key': 'oa-reindex-key-2' },
      },
    );
    expect(reused.statusCode).toBe(422);
    expect(
      (await call('POST', `${base}/${first.json<{ reindexId: string }>().reindexId}/cancel`))
        .statusCode,
    ).toBe(200);
  });

  it('every exchange matched the document; every operation and served route was covered', () => {
    expect(client.problems).toEqual([]);
    const unexercised = contract.operationIds().filter((id) => !contract.seen.has(id));
    expect(unexercised).toEqual([]);
    const statuses = new Set([...contract.seen.values()].flatMap((set) => [...set]));
    for (const status of [
      200, 201, 202, 400, 401, 403, 404, 409, 413, 415, 422, 429, 502, 503, 504,
    ]) {
      expect({ status, seen: statuses.has(status) }).toEqual({ status, seen: true });
    }
    expect(routeGaps(t.app)).toEqual({ undocumented: [], unserved: [] });
  });

  it('/docs serves Swagger UI on the same document, under its own CSP, and renders in Chromium', async () => {
    const page = await t.request('GET', '/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe(DOCS_CONTENT_SECURITY_POLICY);
    expect((await t.request('GET', '/docs/json')).json()).toEqual(document);

    await t.app.listen(0, '127.0.0.1');
    const baseUrl = await t.app.getUrl();
    const profile = await mkdtemp(join(tmpdir(), 'ragline-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      const foreign: string[] = [];
      tab.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      tab.on('pageerror', (error) => errors.push(error.message));
      tab.on('request', (request) => {
        if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:'))
          foreign.push(request.url());
      });
      await tab.goto(`${baseUrl}/docs`);
      await tab.locator('.opblock').first().waitFor();
      expect(await tab.locator('.opblock').count()).toBe(contract.operationIds().length);
      expect(await tab.locator('.info .title').textContent()).toContain('Ragline API');
      expect({ errors, foreign }).toEqual({ errors: [], foreign: [] });
    } finally {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
