import { startTestApp, type TestApp } from '../support/test-app';

/** Per-key limits are counted in Redis, so two API processes (here: two apps) share them. */
describe('rate limits per API key', () => {
  let a: TestApp;
  let b: TestApp;
  const root = `root-${'k'.repeat(30)}`;

  beforeAll(async () => {
    a = await startTestApp({
      withWorker: false,
      env: { AUTH: 'required', RAGLINE_ADMIN_KEY: root, RATE_LIMIT_PER_MINUTE: '10' },
    });
    b = await startTestApp({ withWorker: false, testEnv: a.testEnv });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('answers 429 with Retry-After once a key spent its budget, across processes; probes are never limited', async () => {
    const created = await a.request(
      'POST',
      '/v1/keys',
      { scopes: ['query'] },
      { authorization: `Bearer ${root}` },
    );
    expect(created.statusCode).toBe(201);
    const auth = { authorization: `Bearer ${created.json<{ key: string }>().key}` };
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (await (i % 2 ? a : b).request('GET', '/v1/libraries', undefined, auth)).statusCode,
      );
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limited = await a.request('GET', '/v1/libraries', undefined, auth);
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another key has its own budget; health probes have none.
    const other = await a.request(
      'POST',
      '/v1/keys',
      { scopes: ['query'] },
      { authorization: `Bearer ${root}` },
    );
    expect(
      (
        await a.request('GET', '/v1/libraries', undefined, {
          authorization: `Bearer ${other.json<{ key: string }>().key}`,
        })
      ).statusCode,
    ).toBe(200);
    for (let i = 0; i < 15; i++) expect((await a.request('GET', '/health')).statusCode).toBe(200);
  });
});
