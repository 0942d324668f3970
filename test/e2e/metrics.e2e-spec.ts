import { startTestApp, type TestApp } from '../support/test-app';

/** Issue 16: after the README's quick-start example, /metrics shows the event and the query. */
describe('GET /metrics (Prometheus)', () => {
  let t: TestApp;
  const root = `root-${'m'.repeat(30)}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH: 'required', RAGLINE_ADMIN_KEY: root } });
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const value = (body: string, series: RegExp): number => {
    const line = body.split('\n').find((l) => series.test(l));
    return line === undefined ? 0 : Number(line.split(' ').pop());
  };

  it('counts the quick start: one event accepted and applied, its freshness, one query', async () => {
    const put = await t.request(
      'PUT',
      '/v1/documents/handbook%2Fonboarding.md',
      {
        text: 'New engineers get a laptop on day one. The on-call rotation starts after three months.',
      },
      as(root),
    );
    await t.waitForEvent(put.json<{ eventId: string }>().eventId, undefined, as(root));
    expect(
      (await t.request('POST', '/v1/query', { query: 'when does on-call start?' }, as(root)))
        .statusCode,
    ).toBe(200);

    const metrics = await t.request('GET', '/metrics', undefined, as(root));
    expect(metrics.statusCode).toBe(200);
    expect(String(metrics.headers['content-type'])).toMatch(/^text\/plain/);
    const body = metrics.body;
    const lib = 'tenant="default",library="default"';
    expect(
      value(
        body,
        new RegExp(`^ragline_events_accepted_total\\{.*${lib}.*kind="upsert".*status="queued"`),
      ),
    ).toBe(1);
    expect(
      value(body, new RegExp(`^ragline_events_finished_total\\{.*${lib}.*outcome="completed"`)),
    ).toBe(1);
    expect(value(body, new RegExp(`^ragline_freshness_seconds_count\\{.*${lib}`))).toBe(1);
    expect(value(body, new RegExp(`^ragline_query_seconds_count\\{.*${lib}.*mode="hybrid"`))).toBe(
      1,
    );
    expect(
      value(
        body,
        /^ragline_http_request_seconds_count\{.*method="PUT".*route="\/v1\/documents\/:id".*status="202"/,
      ),
    ).toBe(1);
    expect(value(body, /^ragline_embedder_texts_total\{.*operation="documents"/)).toBeGreaterThan(
      0,
    );
    expect(
      value(body, /^ragline_store_call_seconds_count\{.*operation="replaceDocument"/),
    ).toBeGreaterThan(0);
    expect(body).toMatch(new RegExp(`^ragline_queue_jobs\\{.*${lib}.*state="waiting"`, 'm'));
    // Bounded labels: no document id, no query text.
    expect(body).not.toContain('onboarding');
    expect(body).not.toContain('on-call');
  });

  it('needs a key with the metrics (or admin) scope', async () => {
    expect((await t.request('GET', '/metrics')).statusCode).toBe(401);
    const query = await t.request('POST', '/v1/keys', { scopes: ['query'] }, as(root));
    expect(
      (await t.request('GET', '/metrics', undefined, as(query.json<{ key: string }>().key)))
        .statusCode,
    ).toBe(403);
    const scraper = await t.request('POST', '/v1/keys', { scopes: ['metrics'] }, as(root));
    expect(
      (await t.request('GET', '/metrics', undefined, as(scraper.json<{ key: string }>().key)))
        .statusCode,
    ).toBe(200);
  });

  it('serves the queue dashboard at /admin/queues to admin keys only (Bearer or Basic)', async () => {
    const anonymous = await t.request('GET', '/admin/queues');
    expect(anonymous.statusCode).toBe(401);
    expect(String(anonymous.headers['www-authenticate'])).toMatch(/^Basic/);
    const query = await t.request('POST', '/v1/keys', { scopes: ['query'] }, as(root));
    expect(
      (await t.request('GET', '/admin/queues', undefined, as(query.json<{ key: string }>().key)))
        .statusCode,
    ).toBe(403);
    const basic = { authorization: `Basic ${Buffer.from(`admin:${root}`).toString('base64')}` };
    const page = await t.request('GET', '/admin/queues', undefined, basic);
    expect(page.statusCode).toBe(200);
    expect(String(page.headers['content-type'])).toMatch(/text\/html/);
    const api = await t.request('GET', '/admin/queues/api/queues', undefined, as(root));
    expect(api.statusCode).toBe(200);
    expect(api.body).toContain('default.default');
  });
});
