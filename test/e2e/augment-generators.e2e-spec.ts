import { cohereChatReply } from '../../libs/generators/src/testing/cohere-replies';
import { FakeOpenAiCompatibleServer } from '../../libs/generators/src/testing/fake-openai-compatible-server';
import { FakeCohereServer } from '../../libs/embedders/src/adapters/cohere/testing/fake-cohere-server';
import { startTestApp, type TestApp } from '../support/test-app';

const DOCS = {
  tides: {
    text: 'Spring tides happen near full and new moon. They are the highest tides.',
    title: 'Tides',
  },
  reefs: {
    text: 'Coral reefs grow in warm shallow water.',
    title: 'Reefs',
    metadata: { url: 'https://example.org/reefs' },
  },
};

interface AugmentResponse {
  prompt: string;
  contexts: Array<{ n: number; documentId: string; url: string | null }>;
  citations: Array<{ n: number; documentId: string; title: string | null; url: string | null }>;
  answer?: {
    text: string;
    model: string;
    citations: Array<{ n: number; start: number; end: number }>;
  };
}

async function indexDocuments(t: TestApp, docs: Record<string, Record<string, unknown>>) {
  for (const [id, body] of Object.entries(docs)) {
    const response = await t.request('PUT', `/v1/documents/${id}`, body);
    expect(await t.waitForEvent(response.json<{ eventId: string }>().eventId)).toMatchObject({
      status: 'completed',
    });
  }
}

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '{}';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

describe('POST /v1/augment with GENERATOR=openai-compatible (local chat-completions fake)', () => {
  let t: TestApp;
  let llm: FakeOpenAiCompatibleServer;

  beforeAll(async () => {
    llm = new FakeOpenAiCompatibleServer({ apiKey: 'local-key' });
    const url = await llm.start();
    t = await startTestApp({
      env: {
        GENERATOR: 'openai-compatible',
        GENERATOR_URL: url,
        GENERATOR_API_KEY: 'local-key',
        GENERATOR_MODEL: 'llama-3-8b',
        GENERATOR_TIMEOUT_MS: '400',
      },
    });
    await indexDocuments(t, DOCS);
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
  });

  const body = { query: 'when are spring tides highest', topK: 2 };

  it('returns the answer with [n] markers parsed back to contexts', async () => {
    const response = await t.request('POST', '/v1/augment', { ...body, generate: true });
    expect(response.statusCode).toBe(200);
    const result = response.json<AugmentResponse>();
    expect(result.contexts[0].documentId).toBe('tides');
    expect(result.answer).toMatchObject({
      text: 'According to the sources, Spring tides happen near full and new moon. They are the highest tides. [1].',
      model: 'llama-3-8b',
      citations: [{ n: 1, start: 98, end: 101 }],
    });
    expect(result.citations).toEqual([{ n: 1, documentId: 'tides', title: 'Tides', url: null }]);

    const call = llm.requests[llm.requests.length - 1];
    expect(call.path).toBe('/v1/chat/completions');
    expect(call.headers.authorization).toBe('Bearer local-key');
    expect(call.body).toMatchObject({ model: 'llama-3-8b', stream: false });
    const messages = call.body.messages as Array<{ role: string; content: string }>;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[1].content).toBe(result.prompt);
  });

  it('streams context, deltas and done as server-sent events', async () => {
    const response = await t.request('POST', '/v1/augment', { ...body, stream: true });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = parseSse(response.body);
    expect(events[0].event).toBe('context');
    expect(events[0].data).toMatchObject({ contexts: [{ n: 1, documentId: 'tides' }, { n: 2 }] });
    const deltas = events.filter((e) => e.event === 'delta');
    expect(deltas.length).toBeGreaterThan(3);
    const done = events[events.length - 1];
    expect(done.event).toBe('done');
    const text = deltas.map((e) => String(e.data.text)).join('');
    expect(done.data).toMatchObject({
      answer: { text, citations: [{ n: 1 }] },
      citations: [{ n: 1, documentId: 'tides' }],
    });
    expect(llm.requests[llm.requests.length - 1].body.stream).toBe(true);
  });

  it('passes a 429 on with its Retry-After, streaming or not', async () => {
    const limited = {
      status: 429,
      headers: { 'retry-after': '12' },
      body: { error: { message: 'busy' } },
    };
    llm.enqueue(limited, limited);
    for (const extra of [{ generate: true }, { stream: true }]) {
      const response = await t.request('POST', '/v1/augment', { ...body, ...extra });
      expect(response.statusCode).toBe(429);
      expect(response.headers['retry-after']).toBe('12');
      expect(response.json()).toMatchObject({ error: { code: 'GENERATOR_RATE_LIMITED' } });
    }
  });

  it('reports 5xx and a server that never answers as 503, a refused key as 502', async () => {
    llm.enqueue({ status: 502, body: 'bad gateway' });
    const down = await t.request('POST', '/v1/augment', { ...body, generate: true });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ error: { code: 'GENERATOR_UNAVAILABLE' } });

    llm.enqueue('hang');
    const hung = await t.request('POST', '/v1/augment', { ...body, generate: true });
    expect(hung.statusCode).toBe(503);
    expect(hung.json()).toMatchObject({
      error: { code: 'GENERATOR_UNAVAILABLE', message: 'Generator did not answer within 400 ms' },
    });

    llm.enqueue({ status: 401, body: { error: { message: 'Invalid API key' } } });
    const refused = await t.request('POST', '/v1/augment', { ...body, generate: true });
    expect(refused.statusCode).toBe(502);
    expect(refused.json()).toMatchObject({ error: { code: 'GENERATOR_BAD_RESPONSE' } });
  });

  it('ends a stream that stalls mid-answer with an error event', async () => {
    llm.enqueue({ stallAfter: ['Spring ', 'tides '] });
    const response = await t.request('POST', '/v1/augment', { ...body, stream: true });
    expect(response.statusCode).toBe(200);
    const events = parseSse(response.body);
    expect(events.map((e) => e.event)).toEqual(['context', 'delta', 'delta', 'error']);
    expect(events[3].data).toEqual({
      error: { code: 'GENERATOR_UNAVAILABLE', message: 'Generator did not answer within 400 ms' },
    });
  });
});

describe('POST /v1/augment with GENERATOR=cohere (Cohere v2 chat wire fake)', () => {
  let t: TestApp;
  let cohere: FakeCohereServer;

  beforeAll(async () => {
    cohere = new FakeCohereServer({ apiKey: 'co-key' });
    const baseUrl = await cohere.start();
    t = await startTestApp({
      env: {
        GENERATOR: 'cohere',
        COHERE_API_KEY: 'co-key',
        COHERE_BASE_URL: baseUrl,
        COHERE_CHAT_MODEL: 'command-test',
        GENERATOR_TIMEOUT_MS: '400',
      },
    });
    await indexDocuments(t, DOCS);
  });
  afterAll(async () => {
    await t.close();
    await cohere.close();
  });

  const body = { query: 'coral reefs warm water', topK: 2, generate: true };

  it('sends the contexts as documents and maps Cohere citations to context numbers', async () => {
    cohere.enqueue('/v2/chat', cohereChatReply);
    const response = await t.request('POST', '/v1/augment', body);
    expect(response.statusCode).toBe(200);
    const result = response.json<AugmentResponse>();
    expect(result.contexts[0]).toMatchObject({
      n: 1,
      documentId: 'reefs',
      url: 'https://example.org/reefs',
    });
    expect(result.answer).toEqual({
      text: 'From the documents: Coral reefs grow in warm shallow water.',
      model: 'command-test',
      citations: [{ n: 1, start: 20, end: 59, text: 'Coral reefs grow in warm shallow water.' }],
    });
    expect(result.citations).toEqual([
      { n: 1, documentId: 'reefs', title: 'Reefs', url: 'https://example.org/reefs' },
    ]);
    const [call] = cohere.requestsTo('/v2/chat');
    expect(call.headers.authorization).toBe('Bearer co-key');
    expect(call.body).toMatchObject({
      model: 'command-test',
      messages: [{ role: 'system' }, { role: 'user', content: 'coral reefs warm water' }],
      documents: [
        { id: '1', data: { title: 'Reefs', text: 'Coral reefs grow in warm shallow water.' } },
        { id: '2' },
      ],
    });
  });

  it('streams a Cohere answer as one delta', async () => {
    cohere.enqueue('/v2/chat', cohereChatReply);
    const response = await t.request('POST', '/v1/augment', { ...body, stream: true });
    const events = parseSse(response.body);
    expect(events.map((e) => e.event)).toEqual(['context', 'delta', 'done']);
    expect(events[2].data).toMatchObject({ citations: [{ n: 1, documentId: 'reefs' }] });
  });

  it('maps 429 (with Retry-After), 5xx and a timeout', async () => {
    cohere.enqueue('/v2/chat', {
      status: 429,
      headers: { 'retry-after': '3' },
      body: { message: 'slow down' },
    });
    const limited = await t.request('POST', '/v1/augment', body);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(limited.json()).toMatchObject({ error: { code: 'GENERATOR_RATE_LIMITED' } });

    cohere.enqueue('/v2/chat', { status: 503, body: { message: 'overloaded' } });
    const down = await t.request('POST', '/v1/augment', body);
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ error: { code: 'GENERATOR_UNAVAILABLE' } });

    cohere.enqueue('/v2/chat', 'hang');
    const hung = await t.request('POST', '/v1/augment', body);
    expect(hung.statusCode).toBe(503);
    expect(hung.json()).toMatchObject({
      error: { code: 'GENERATOR_UNAVAILABLE', message: 'Cohere did not answer within 400 ms' },
    });
  });
});
