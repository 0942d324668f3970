import { startTestApp, type TestApp } from '../support/test-app';
import IORedis from 'ioredis';

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

describe('bad input gets a clear 4xx and enqueues nothing', () => {
  let t: TestApp;

  // No worker: anything enqueued would stay on the queue, where the last test looks for it.
  beforeAll(async () => {
    t = await startTestApp({ withWorker: false, env: { MAX_BODY_BYTES: String(2 * 1024 * 1024) } });
  });
  afterAll(async () => {
    await t.close();
  });

  const cases: Array<
    [
      string,
      () => Promise<{ statusCode: number; json<T>(): T }>,
      number,
      string,
      string | undefined,
    ]
  > = [
    [
      'body that is not JSON',
      () => t.request('PUT', '/v1/documents/a', '{"text": "unterminated'),
      400,
      'VALIDATION_FAILED',
      'body',
    ],
    [
      'non-JSON content type',
      () => t.request('PUT', '/v1/documents/a', 'plain', { 'content-type': 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'content-type',
    ],
    [
      'missing text',
      () => t.request('PUT', '/v1/documents/a', { title: 'x' }),
      400,
      'VALIDATION_FAILED',
      'text',
    ],
    [
      'text of the wrong type',
      () => t.request('PUT', '/v1/documents/a', { text: 42 }),
      400,
      'VALIDATION_FAILED',
      'text',
    ],
    [
      'a JSON array body',
      () => t.request('PUT', '/v1/documents/a', [1, 2]),
      400,
      'VALIDATION_FAILED',
      'body',
    ],
    [
      'an unknown field',
      () => t.request('PUT', '/v1/documents/a', { text: 'x', titel: 'typo' }),
      400,
      'VALIDATION_FAILED',
      'titel',
    ],
    [
      'a negative version',
      () => t.request('PUT', '/v1/documents/a', { text: 'x', version: -1 }),
      400,
      'VALIDATION_FAILED',
      'version',
    ],
    [
      'a fractional version',
      () => t.request('PUT', '/v1/documents/a', { text: 'x', version: 1.5 }),
      400,
      'VALIDATION_FAILED',
      'version',
    ],
    [
      'nested metadata',
      () => t.request('PUT', '/v1/documents/a', { text: 'x', metadata: { a: { b: 1 } } }),
      400,
      'VALIDATION_FAILED',
      'metadata.a',
    ],
    [
      'an id outside the safe set',
      () => t.request('PUT', '/v1/documents/bad%20id%24', { text: 'x' }),
      400,
      'VALIDATION_FAILED',
      'id',
    ],
    [
      'an id that is too long',
      () => t.request('PUT', `/v1/documents/${'x'.repeat(513)}`, { text: 'x' }),
      400,
      'VALIDATION_FAILED',
      'id',
    ],
    [
      'a body over the limit',
      () => t.request('PUT', '/v1/documents/a', { text: 'x'.repeat(2 * 1024 * 1024 + 10) }),
      413,
      'PAYLOAD_TOO_LARGE',
      'body',
    ],
    [
      'a bad delete version',
      () => t.request('DELETE', '/v1/documents/a?version=abc'),
      400,
      'VALIDATION_FAILED',
      'version',
    ],
    [
      'a query without text',
      () => t.request('POST', '/v1/query', { topK: 3 }),
      400,
      'VALIDATION_FAILED',
      'query',
    ],
    [
      'topK over 100',
      () => t.request('POST', '/v1/query', { query: 'x', topK: 101 }),
      400,
      'VALIDATION_FAILED',
      'topK',
    ],
    [
      'an unknown mode',
      () => t.request('POST', '/v1/query', { query: 'x', mode: 'magic' }),
      400,
      'VALIDATION_FAILED',
      'mode',
    ],
    [
      'an event id that is not a UUID',
      () => t.request('GET', '/v1/events/nope'),
      400,
      'VALIDATION_FAILED',
      'eventId',
    ],
    ['an unknown route', () => t.request('GET', '/v1/nothing-here'), 404, 'NOT_FOUND', undefined],
  ];

  it.each(cases)('rejects %s', async (_name, send, status, code, field) => {
    const response = await send();
    expect(response.statusCode).toBe(status);
    const body = response.json<ErrorBody>();
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    if (field !== undefined) expect(body.error.field).toBe(field);
  });

  it('left nothing on the queue and no document in the registry', async () => {
    const redis = new IORedis(t.testEnv.redisUrl);
    try {
      const keys = await redis.keys(`${t.testEnv.prefix}:*`);
      const queued = keys.filter((key) => /:(wait|delayed|prioritized|active)$/.test(key));
      expect(queued).toEqual([]);
      expect(await redis.zcard(`${t.testEnv.prefix}:docs`)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});

describe('read-your-writes without a worker', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ withWorker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('times out with 504 naming the events still pending', async () => {
    const put = await t.request('PUT', '/v1/documents/never-applied', {
      text: 'No worker runs here.',
    });
    const { eventId } = put.json<{ eventId: string }>();
    const response = await t.request('POST', '/v1/query', {
      query: 'worker',
      consistency: { afterEvents: [eventId], timeoutMs: 200 },
    });
    expect(response.statusCode).toBe(504);
    expect(response.json()).toEqual({
      error: expect.objectContaining({
        code: 'CONSISTENCY_TIMEOUT',
        details: { pending: [eventId] },
      }),
    });
  });

  it('rejects unknown event ids with 404', async () => {
    const response = await t.request('POST', '/v1/query', {
      query: 'x',
      consistency: { afterEvents: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: expect.objectContaining({ code: 'EVENT_NOT_FOUND' }),
    });
  });
});
