import { cohereRerankReply } from '../../libs/generators/src/testing/cohere-replies';
import { FakeCohereServer } from '../../libs/embedders/src/adapters/cohere/testing/fake-cohere-server';
import { startTestApp, type TestApp } from '../support/test-app';

interface Result {
  documentId: string;
  chunkId: string;
  chunkIds: string[];
  chunkIndex: number;
  text: string;
  score: number;
  metadata: Record<string, unknown>;
}

async function upsertAll(t: TestApp, docs: Record<string, Record<string, unknown>>) {
  const accepted = await Promise.all(
    Object.entries(docs).map(async ([id, body]) => {
      const response = await t.request('PUT', `/v1/documents/${encodeURIComponent(id)}`, body);
      expect(response.statusCode).toBe(202);
      return response.json<{ eventId: string }>().eventId;
    }),
  );
  for (const eventId of accepted) {
    expect(await t.waitForEvent(eventId)).toMatchObject({ status: 'completed' });
  }
}

const SENTENCES = Array.from({ length: 16 }, (_, i) => `Ferry ${i} leaves the pier at ${i} sharp.`);

describe('POST /v1/query: filters, thresholds, merging (real Redis and LanceDB)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Small chunks with overlap, so one document spans several neighbouring chunks.
    t = await startTestApp({ env: { CHUNK_SIZE_TOKENS: '40', CHUNK_OVERLAP_TOKENS: '12' } });
    await upsertAll(t, {
      ferry: { text: SENTENCES.join(' '), title: 'Ferry' },
      'news-2023': {
        text: 'Harbour news: the lighthouse was repainted.',
        metadata: { published: Date.parse('2023-06-01'), stars: 3 },
      },
      'news-2024': {
        text: 'Harbour news: the lighthouse got a new lamp.',
        metadata: { published: Date.parse('2024-03-15'), stars: 5 },
      },
    });
  });
  afterAll(() => t.close());

  const query = async (body: Record<string, unknown>) => {
    const response = await t.request('POST', '/v1/query', body);
    expect(response.statusCode).toBe(200);
    return response.json<{ results: Result[] }>().results;
  };

  it('joins neighbouring chunks of one document into one result without the overlap', async () => {
    const results = await query({
      query: 'ferry leaves the pier',
      topK: 50,
      filter: { documentId: 'ferry' },
    });
    expect(results).toHaveLength(1);
    const [passage] = results;
    expect(passage.chunkIds.length).toBeGreaterThan(2);
    expect(passage.chunkId).toBe(passage.chunkIds[0]);
    expect(passage.chunkIndex).toBe(0);
    // Every sentence exactly once: the overlap the chunker repeats is gone.
    for (const sentence of SENTENCES) {
      expect(passage.text.split(sentence)).toHaveLength(2);
    }
    expect(passage.text.replace(/\s+/g, ' ')).toBe(SENTENCES.join(' '));
  });

  it('keeps separate results for chunks that are not neighbours', async () => {
    const results = await query({
      query: 'Ferry 0 leaves',
      topK: 1,
      mode: 'sparse',
      filter: { documentId: 'ferry' },
    });
    expect(results).toHaveLength(1);
    expect(results[0].chunkIds).toHaveLength(1);
  });

  it('filters by date range given as ISO dates over epoch-ms metadata', async () => {
    const after = await query({
      query: 'harbour lighthouse news',
      topK: 10,
      filter: { metadata: { published: { gte: '2024-01-01' } } },
    });
    expect(after.map((r) => r.documentId)).toEqual(['news-2024']);
    const before = await query({
      query: 'harbour lighthouse news',
      topK: 10,
      filter: { metadata: { published: { lt: '2024-01-01T00:00:00Z' } } },
    });
    expect(before.map((r) => r.documentId)).toEqual(['news-2023']);
  });

  it('filters by anyOf and numeric ranges', async () => {
    const stars = await query({
      query: 'harbour lighthouse news',
      topK: 10,
      filter: { metadata: { stars: { gt: 4 } } },
    });
    expect(stars.map((r) => r.documentId)).toEqual(['news-2024']);
    const ids = await query({
      query: 'harbour lighthouse news',
      topK: 10,
      filter: { metadata: { stars: { anyOf: [3, 5] } } },
    });
    expect(ids.map((r) => r.documentId).sort()).toEqual(['news-2023', 'news-2024']);
  });

  it('drops hits below scoreThreshold (scores are mode-specific)', async () => {
    const all = await query({ query: 'lighthouse lamp', topK: 10, mode: 'dense' });
    expect(all.length).toBeGreaterThan(1);
    const threshold = (all[0].score + all[all.length - 1].score) / 2;
    const kept = await query({
      query: 'lighthouse lamp',
      topK: 10,
      mode: 'dense',
      scoreThreshold: threshold,
    });
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(all.length);
    expect(kept.every((r) => r.score >= threshold)).toBe(true);
  });

  it('rejects a malformed date bound and rerank without a reranker', async () => {
    const bad = await t.request('POST', '/v1/query', {
      query: 'x',
      filter: { metadata: { published: { gte: 'last tuesday' } } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', field: 'filter.metadata.published' },
    });

    const rerank = await t.request('POST', '/v1/query', { query: 'x', rerank: true });
    expect(rerank.statusCode).toBe(400);
    expect(rerank.json()).toMatchObject({
      error: { code: 'FEATURE_NOT_CONFIGURED', field: 'rerank' },
    });
  });
});

describe('POST /v1/query with rerank: true (Cohere rerank wire fake)', () => {
  let t: TestApp;
  let cohere: FakeCohereServer;

  beforeAll(async () => {
    cohere = new FakeCohereServer({ apiKey: 'rerank-key' });
    const baseUrl = await cohere.start();
    t = await startTestApp({
      env: {
        COHERE_API_KEY: 'rerank-key',
        COHERE_BASE_URL: baseUrl,
        COHERE_RERANK_MODEL: 'rerank-test',
      },
    });
    await upsertAll(t, {
      a: { text: 'Otters sleep holding hands so they do not drift apart.' },
      b: { text: 'Sea otters use rocks as tools to open shellfish.' },
      c: { text: 'Rivers carry sediment to the sea.' },
    });
  });
  afterAll(async () => {
    await t.close();
    await cohere.close();
  });

  it('reranks a deeper candidate list down to topK with relevance scores', async () => {
    cohere.enqueue('/v2/rerank', cohereRerankReply);
    const response = await t.request('POST', '/v1/query', {
      query: 'otters rocks tools shellfish',
      topK: 1,
      rerank: true,
    });
    expect(response.statusCode).toBe(200);
    const { results } = response.json<{ results: Result[] }>();
    expect(results.map((r) => r.documentId)).toEqual(['b']);
    expect(results[0].score).toBe(1);

    const [call] = cohere.requestsTo('/v2/rerank');
    expect(call.headers.authorization).toBe('Bearer rerank-key');
    expect(call.body).toMatchObject({
      model: 'rerank-test',
      query: 'otters rocks tools shellfish',
      top_n: 1,
    });
    // topK 1 asks the store for 20 candidates; the library holds 3.
    expect(call.body.documents).toHaveLength(3);
  });

  it('passes a rerank 429 on with its Retry-After, and a 5xx as 503', async () => {
    cohere.enqueue('/v2/rerank', {
      status: 429,
      headers: { 'retry-after': '7' },
      body: { message: 'slow' },
    });
    const limited = await t.request('POST', '/v1/query', { query: 'otters', rerank: true });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(limited.json()).toMatchObject({ error: { code: 'RERANKER_RATE_LIMITED' } });

    cohere.enqueue('/v2/rerank', { status: 500, body: { message: 'boom' } });
    const down = await t.request('POST', '/v1/query', { query: 'otters', rerank: true });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ error: { code: 'RERANKER_UNAVAILABLE' } });
  });
});
