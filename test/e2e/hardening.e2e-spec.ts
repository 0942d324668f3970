import { connect } from 'node:net';
import { startTestApp, type InjectResponse, type TestApp } from '../support/test-app';

/**
 * One test per item of the hardening issue (#12) that the HTTP layer owns; the fault suite
 * (test/fault) covers the Redis outage items and the log-redaction suite the logs.
 */
interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

function expectError(response: InjectResponse, status: number, code: string, field?: string) {
  expect({ status: response.statusCode, body: response.json<ErrorBody>() }).toMatchObject({
    status,
    body: { error: { code, message: expect.any(String), ...(field ? { field } : {}) } },
  });
  expect(String(response.headers['content-type'])).toMatch(/^application\/json/);
  return response.json<ErrorBody>().error;
}

describe('hardening: real input is accepted, bad input gets a clear 4xx (issue 12)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { REQUEST_TIMEOUT_MS: '2000' } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function put(id: string, body: unknown, headers: Record<string, string> = {}) {
    return t.request('PUT', `/v1/documents/${encodeURIComponent(id)}`, body, headers);
  }
  async function applied(response: InjectResponse) {
    expect(response.statusCode).toBe(202);
    return t.waitForEvent(response.json<{ eventId: string }>().eventId);
  }
  async function sparseHits(query: string, documentId: string) {
    const response = await t.request('POST', '/v1/query', {
      query,
      mode: 'sparse',
      filter: { documentId },
      topK: 20,
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ results: Array<{ text: string }> }>().results;
  }

  it('1. indexes an emptied document with zero chunks and removes its old ones', async () => {
    await applied(await put('emptied.md', { text: 'The zeppelin manual lives here.' }));
    expect(await sparseHits('zeppelin', 'emptied.md')).toHaveLength(1);
    for (const text of ['', '   \n\t  ']) {
      expect(await applied(await put('emptied.md', { text }))).toMatchObject({
        status: 'completed',
      });
      const state = await t.request('GET', '/v1/documents/emptied.md');
      expect(state.json()).toMatchObject({ status: 'indexed', chunks: 0 });
      expect(await sparseHits('zeppelin', 'emptied.md')).toEqual([]);
    }
  });

  it('2. accepts a request without a body whatever its content-type says', async () => {
    await applied(await put('to-delete', { text: 'A quokka is a small wallaby.' }));
    for (const type of ['application/json', 'application/json; charset=utf-8', 'text/plain']) {
      const response = await t.app.inject({
        method: 'DELETE',
        url: '/v1/documents/to-delete',
        headers: { 'content-type': type },
      });
      expect(response.statusCode).toBe(202);
      await t.waitForEvent(response.json<{ eventId: string }>().eventId);
    }
    expect((await t.request('GET', '/v1/documents/to-delete')).json()).toMatchObject({
      status: 'deleted',
    });
    expect(await sparseHits('quokka wallaby', 'to-delete')).toEqual([]);
    for (const url of ['/v1/status', '/health', '/v1/documents?limit=1']) {
      const response = await t.app.inject({
        method: 'GET',
        url,
        headers: { 'content-type': 'application/json', 'content-length': '0' },
      });
      expect(response.statusCode).toBe(200);
    }
    // A route that needs a body says so, naming it.
    const bodiless = await t.app.inject({
      method: 'PUT',
      url: '/v1/documents/x',
      headers: { 'content-type': 'application/json' },
    });
    expect(expectError(bodiless, 400, 'VALIDATION_FAILED', 'body').message).toMatch(/required/);
  });

  it('3. scopes Idempotency-Key to route and document; a reuse with another request is a 422', async () => {
    const key = { 'idempotency-key': `k-${Date.now()}` };
    const first = await put('idem-a', { text: 'first text' }, key);
    const a = first.json<{ eventId: string }>().eventId;
    const other = await put('idem-b', { text: 'other document' }, key);
    expect(other.statusCode).toBe(202);
    expect(other.json<{ eventId: string }>().eventId).not.toBe(a);
    await t.waitForEvent(other.json<{ eventId: string }>().eventId);
    expect((await t.request('GET', '/v1/documents/idem-b')).statusCode).toBe(200);

    const retry = await put('idem-a', { text: 'first text' }, key);
    expect(retry.json<{ eventId: string }>().eventId).toBe(a);
    const changed = await put('idem-a', { text: 'a different text' }, key);
    const error = expectError(changed, 422, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key');
    expect(error.message).toContain('idem-a');
    const deleted = await t.request('DELETE', '/v1/documents/idem-a', undefined, key);
    expect(deleted.statusCode).toBe(202);
    expect(deleted.json<{ eventId: string }>().eventId).not.toBe(a);
  });

  it('4. takes quotes and operators in a query as text, on query and augment', async () => {
    await applied(
      await put('oncall.md', { text: 'The on-call rotation starts after three months.' }),
    );
    for (const query of ['"on-call"', '""', '" OR ""="', 'on-call AND NOT "x', "' OR 1=1 --"]) {
      for (const mode of ['sparse', 'hybrid', 'dense']) {
        const response = await t.request('POST', '/v1/query', { query, mode });
        expect({ query, mode, status: response.statusCode }).toEqual({ query, mode, status: 200 });
      }
      const augment = await t.request('POST', '/v1/augment', { query });
      expect(augment.statusCode).toBe(200);
    }
    const hits = await sparseHits('"on-call"', 'oncall.md');
    expect(hits.map((h) => h.text)).toEqual(['The on-call rotation starts after three months.']);
  });

  it('5. bounds filters, query length, topK and metadata, naming the field and the limit', async () => {
    const many = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    const cases: Array<[unknown, string, RegExp]> = [
      [{ query: 'x', filter: { metadata: many(10_000) } }, 'filter.metadata', /at most 32/],
      [{ query: 'x', filter: { metadata: many(33) } }, 'filter.metadata', /at most 32/],
      [{ query: 'x'.repeat(8193) }, 'query', /8192/],
      [{ query: 'x', topK: 101 }, 'topK', /100/],
    ];
    for (const [body, field, limit] of cases) {
      const started = performance.now();
      const response = await t.request('POST', '/v1/query', body);
      expect(expectError(response, 400, 'VALIDATION_FAILED', field).message).toMatch(limit);
      expect(performance.now() - started).toBeLessThan(2000);
    }
    expectError(
      await put('m', { text: 'x', metadata: many(65) }),
      400,
      'VALIDATION_FAILED',
      'metadata',
    );
    const huge = {
      text: 'x',
      metadata: {
        a: 'y'.repeat(2000),
        b: 'y'.repeat(2000),
        c: 'y'.repeat(2000),
        d: 'y'.repeat(2000),
        e: 'y'.repeat(2000),
        f: 'y'.repeat(2000),
        g: 'y'.repeat(2000),
        h: 'y'.repeat(2000),
        i: 'y'.repeat(2000),
      },
    };
    expect(expectError(await put('m', huge), 400, 'VALIDATION_FAILED', 'metadata').message).toMatch(
      /16384 bytes/,
    );
    expectError(
      await put('m', { text: 'x', metadata: { a: { b: 1 } } }),
      400,
      'VALIDATION_FAILED',
      'metadata.a',
    );
    const deep = `{"text":"x","metadata":${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(expectError(await put('m', deep), 400, 'VALIDATION_FAILED', 'body').message).toMatch(
      /nested deeper than 32/,
    );
  });

  it('6. answers framework-level errors in the documented shape', async () => {
    expectError(await t.request('GET', '/v1/documents/%zz'), 400, 'VALIDATION_FAILED', 'url');
    expectError(await t.request('GET', `/v1/documents/${'a'.repeat(3000)}`), 414, 'URI_TOO_LONG');
    expectError(await t.request('GET', '/v1/nothing'), 404, 'NOT_FOUND');
    const address = await listen(t);
    const raw = async (request: string) => parseRaw(await sendRaw(address, request));
    expect(await raw('GET /health HTTP/1.1\r\n\r\n')).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', field: 'host' } },
    });
    expect(await raw('NOT A REQUEST\r\n\r\n')).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST' } },
    });
    expect(
      await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    ).toMatchObject({ status: 431, body: { error: { code: 'HEADERS_TOO_LARGE' } } });
  });

  it('7. says what type a field expected and what came', async () => {
    const topK = await t.request('POST', '/v1/query', { query: 'x', topK: '5' });
    expect(expectError(topK, 400, 'VALIDATION_FAILED', 'topK').message).toBe(
      'topK: expected number, got string',
    );
    const text = await put('typed', { text: 5 });
    expect(expectError(text, 400, 'VALIDATION_FAILED', 'text').message).toBe(
      'text: expected string, got number',
    );
    const missing = await put('typed', { title: 'no text' });
    expect(expectError(missing, 400, 'VALIDATION_FAILED', 'text').message).toMatch(/required/);
  });

  it('8. answers a form body (curl -d without a content type) with 415 naming JSON', async () => {
    const form = await t.app.inject({
      method: 'PUT',
      url: '/v1/documents/form',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '{"text":"x"}',
    });
    const error = expectError(form, 415, 'UNSUPPORTED_MEDIA_TYPE', 'content-type');
    expect(error.message).toContain('application/json');
    expect((await t.request('GET', '/v1/documents/form')).statusCode).toBe(404);
  });

  it('9. refuses CONNECT at once and cuts off a request that never finishes', async () => {
    const address = await listen(t);
    const connectStarted = performance.now();
    expect(
      parseRaw(await sendRaw(address, 'CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n')),
    ).toMatchObject({ status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED' } } });
    expect(performance.now() - connectStarted).toBeLessThan(2000);
    // A chunk declared enormous, never sent: the server answers 408 once REQUEST_TIMEOUT_MS passes.
    const started = performance.now();
    const reply = await sendRaw(
      address,
      'PUT /v1/documents/x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFF\r\nabc',
      10_000,
    );
    expect(parseRaw(reply)).toMatchObject({
      status: 408,
      body: { error: { code: 'REQUEST_TIMEOUT' } },
    });
    expect(performance.now() - started).toBeLessThan(6000);
  });

  it('12. reports each dependency with its latency on /ready (outages: test/fault)', async () => {
    const ready = await t.request('GET', '/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ready',
      checks: expect.arrayContaining([
        expect.objectContaining({ name: 'redis', ok: true, latencyMs: expect.any(Number) }),
      ]),
    });
  });

  it('15. reports lastSyncAt as the last applied change and lastChangeAt as the last accepted one', async () => {
    const status = await t.request('GET', '/v1/status');
    expect(status.json()).toMatchObject({
      lastSyncAt: expect.stringMatching(/^\d{4}-/),
      lastChangeAt: expect.stringMatching(/^\d{4}-/),
    });
  });
});

describe('hardening: with no worker, nothing is "synced" (issue 12, item 15)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ withWorker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps lastSyncAt null while changes are only accepted', async () => {
    expect((await t.request('PUT', '/v1/documents/a', { text: 'x' })).statusCode).toBe(202);
    expect((await t.request('GET', '/v1/status')).json()).toMatchObject({
      lastSyncAt: null,
      lastChangeAt: expect.stringMatching(/^\d{4}-/),
      documents: { indexed: 0, total: 1 },
    });
  });
});

async function listen(t: TestApp): Promise<{ port: number }> {
  const server = t.app.getHttpServer();
  if (!server.listening) await t.app.listen(0, '127.0.0.1');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  return { port: address.port };
}

/** Sends raw bytes; resolves with what came back when the server closes or after `waitMs`. */
function sendRaw(address: { port: number }, request: string, waitMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(address.port, '127.0.0.1', () => socket.write(request, 'latin1'));
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(received);
    }, waitMs);
    socket.on('data', (data) => {
      received += data.toString('utf8');
      // A complete JSON response is enough: keep-alive may hold the socket open.
      if (/\r\n\r\n\{.*\}$/s.test(received)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', reject);
  });
}

function parseRaw(raw: string): { status: number; body: unknown } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  return { status, body: body === '' ? undefined : (JSON.parse(body) as unknown) };
}
