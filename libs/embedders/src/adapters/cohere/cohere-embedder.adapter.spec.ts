import { ErrorCode } from '@ragline/errors';
import {
  EmbedderAuthFailedError,
  EmbedderBadResponseError,
  EmbedderRateLimitedError,
  EmbedderUnavailableError,
} from '../../embedders.errors';
import { CohereEmbedder, CohereEmbedderOptions } from './cohere-embedder.adapter';
import {
  cohereError,
  FakeCohereServer,
  fakeCohereVector,
  FakeReply,
} from './testing/fake-cohere-server';

const EMBED = '/v2/embed';

describe('CohereEmbedder', () => {
  let server: FakeCohereServer;
  let baseUrl: string;

  beforeEach(async () => {
    server = new FakeCohereServer({ apiKey: 'secret-key', dimensions: 1024 });
    baseUrl = await server.start();
  });
  afterEach(() => server.close());

  const create = (options: Partial<CohereEmbedderOptions> = {}) =>
    CohereEmbedder.create({
      apiKey: 'secret-key',
      baseUrl,
      baseDelayMs: 1,
      maxRequestsPerSecond: 1000,
      ...options,
    });

  it('embeds 200 documents in 3 calls of at most 96, in order, as search_document', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `passage number ${i}`);
    const embedder = await create();
    const vectors = await embedder.embedDocuments(texts);

    expect(vectors).toEqual(texts.map((text) => fakeCohereVector(text, 1024)));
    const calls = server.requestsTo(EMBED);
    expect(calls.map((call) => (call.body.texts as string[]).length)).toEqual([96, 96, 8]);
    for (const call of calls) {
      expect(call.headers.authorization).toBe('Bearer secret-key');
      expect(call.body).toMatchObject({
        model: 'embed-english-v3.0',
        input_type: 'search_document',
        embedding_types: ['float'],
        truncate: 'END',
      });
    }
    expect(embedder.id).toEqual({ kind: 'cohere', model: 'embed-english-v3.0', dimensions: 1024 });
    expect(embedder.maxBatchSize).toBe(96);
  });

  it('embeds queries as search_query and sends nothing for no documents', async () => {
    const embedder = await create();
    expect(await embedder.embedDocuments([])).toEqual([]);
    expect(await embedder.embedQuery('what is durable?')).toEqual(
      fakeCohereVector('what is durable?', 1024),
    );
    expect(server.requestsTo(EMBED).map((call) => call.body.input_type)).toEqual(['search_query']);
  });

  it('learns the dimension of an unknown model from one probe call', async () => {
    const embedder = await create({ model: 'embed-custom-v9' });
    expect(embedder.id.dimensions).toBe(1024);
    expect(server.requestsTo(EMBED)).toHaveLength(1);
  });

  it('waits for Retry-After after a 429, then succeeds', async () => {
    server.enqueue(EMBED, cohereError(429, 'too many requests', { 'retry-after': '0.05' }));
    const vector = await (await create()).embedQuery('hello');

    expect(vector).toEqual(fakeCohereVector('hello', 1024));
    const [first, second] = server.requestsTo(EMBED);
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(45);
  });

  it('backs off exponentially when a 429 has no Retry-After', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    server.enqueue(EMBED, cohereError(429, 'slow down'), cohereError(429, 'slow down'));
    await (await create({ baseDelayMs: 100, sleep, random: () => 1 })).embedQuery('hello');
    expect(waits).toEqual([100, 200]);
  });

  it('gives up on a 429 storm with a retryable error carrying retryAfterSeconds', async () => {
    const storm = cohereError(429, 'too many requests', { 'retry-after': '0' });
    server.enqueue(EMBED, storm, storm, storm, storm);
    const error = await (await create({ maxAttempts: 3 })).embedQuery('hello').catch((e) => e);

    expect(error).toBeInstanceOf(EmbedderRateLimitedError);
    expect(error).toMatchObject({ code: ErrorCode.EmbedderRateLimited, retryable: true });
    expect(error.retryAfterSeconds).toBe(1);
    expect(server.requestsTo(EMBED)).toHaveLength(3);
  });

  it('hands a long Retry-After to the queue at once instead of blocking the worker', async () => {
    server.enqueue(EMBED, cohereError(429, 'quota', { 'retry-after': '120' }));
    const error = await (await create({ random: () => 0 })).embedQuery('hello').catch((e) => e);
    expect(error).toBeInstanceOf(EmbedderRateLimitedError);
    expect(error.retryAfterSeconds).toBe(120);
    expect(server.requestsTo(EMBED)).toHaveLength(1);
  });

  it('fails a wrong key at once, without retrying', async () => {
    const error = await (await create({ apiKey: 'wrong' })).embedQuery('hi').catch((e) => e);
    expect(error).toBeInstanceOf(EmbedderAuthFailedError);
    expect(error).toMatchObject({ code: ErrorCode.EmbedderAuthFailed, retryable: false });
    expect(error.message).not.toContain('wrong');
    expect(server.requestsTo(EMBED)).toHaveLength(1);
  });

  it('treats 403 as an auth failure too', async () => {
    server.enqueue(EMBED, cohereError(403, 'forbidden'));
    await expect((await create()).embedQuery('hi')).rejects.toBeInstanceOf(EmbedderAuthFailedError);
  });

  it('retries a 503 and succeeds', async () => {
    server.enqueue(EMBED, cohereError(503, 'overloaded'));
    await expect((await create()).embedQuery('hi')).resolves.toHaveLength(1024);
    expect(server.requestsTo(EMBED)).toHaveLength(2);
  });

  it('reports persistent 5xx as retryable unavailability', async () => {
    server.enqueue(EMBED, cohereError(500, 'boom'), cohereError(502, 'bad gateway'));
    const error = await (await create({ maxAttempts: 2 })).embedQuery('hi').catch((e) => e);
    expect(error).toBeInstanceOf(EmbedderUnavailableError);
    expect(error).toMatchObject({ code: ErrorCode.EmbedderUnavailable, retryable: true });
  });

  it('times out a call that never answers, and retries it', async () => {
    server.enqueue(EMBED, 'hang', 'hang');
    const embedder = await create({ timeoutMs: 100, maxAttempts: 2 });
    const started = Date.now();
    const error = await embedder.embedQuery('hi').catch((e) => e);
    expect(error).toBeInstanceOf(EmbedderUnavailableError);
    expect(error.message).toMatch(/did not answer within 100 ms/);
    expect(server.requestsTo(EMBED)).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('reports a refused connection as retryable unavailability', async () => {
    const embedder = await create({ maxAttempts: 2, timeoutMs: 100 });
    await server.close();
    const error = await embedder.embedQuery('hi').catch((e) => e);
    expect(error).toBeInstanceOf(EmbedderUnavailableError);
    server = new FakeCohereServer();
    await server.start(); // for afterEach
  });

  it('does not retry a request Cohere rejects as invalid', async () => {
    server.enqueue(EMBED, cohereError(400, 'invalid request: model not found'));
    const error = await (await create()).embedQuery('hi').catch((e) => e);
    expect(error).toBeInstanceOf(EmbedderBadResponseError);
    expect(error).toMatchObject({ retryable: false });
    expect(error.message).toContain('model not found');
    expect(server.requestsTo(EMBED)).toHaveLength(1);
  });

  describe('rejects malformed answers', () => {
    const corrupt =
      (change: (body: Record<string, unknown>) => unknown) => (_: unknown, normal: FakeReply) =>
        ({ status: 200, body: change(normal.body as Record<string, unknown>) }) satisfies FakeReply;
    const floats = (body: Record<string, unknown>) =>
      (body.embeddings as { float: number[][] }).float;

    it.each([
      [
        'missing embeddings',
        (body: Record<string, unknown>) => ({ ...body, embeddings: undefined }),
      ],
      [
        'no float embeddings',
        (body: Record<string, unknown>) => ({ ...body, embeddings: { int8: [] } }),
      ],
      [
        'one vector too few',
        (body: Record<string, unknown>) => ({
          ...body,
          embeddings: { float: floats(body).slice(1) },
        }),
      ],
      [
        'a vector of the wrong size',
        (body: Record<string, unknown>) => ({
          ...body,
          embeddings: { float: floats(body).map((v) => v.slice(1)) },
        }),
      ],
      [
        'a non-number',
        (body: Record<string, unknown>) => ({
          ...body,
          embeddings: { float: floats(body).map((v, i) => (i === 1 ? ['x', ...v.slice(1)] : v)) },
        }),
      ],
    ])('%s', async (_, change) => {
      // The SDK does not throw on a malformed body: it console.warns each bad value and passes it on.
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const embedder = await create();
      server.enqueue(EMBED, corrupt(change));
      const error = await embedder.embedDocuments(['a', 'b']).catch((e) => e);
      expect(error).toBeInstanceOf(EmbedderBadResponseError);
      expect(error).toMatchObject({ code: ErrorCode.EmbedderBadResponse });
      warn.mockRestore();
    });
  });
});
