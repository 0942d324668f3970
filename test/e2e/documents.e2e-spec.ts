import { startTestApp, type TestApp } from '../support/test-app';

interface QueryResponse {
  results: Array<{
    documentId: string;
    chunkId: string;
    text: string;
    score: number;
    title?: string;
    metadata: Record<string, unknown>;
  }>;
  tookMs: number;
}

describe('documents end to end (api + worker, real Redis and LanceDB)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function upsertAndWait(id: string, body: Record<string, unknown>) {
    const response = await t.request('PUT', `/v1/documents/${encodeURIComponent(id)}`, body);
    expect(response.statusCode).toBe(202);
    const accepted = response.json<{ eventId: string; documentId: string; status: string }>();
    expect(accepted).toMatchObject({ documentId: id, status: 'queued' });
    const event = await t.waitForEvent(accepted.eventId);
    expect(event).toMatchObject({ status: 'completed' });
    return accepted;
  }

  async function query(text: string, extra: Record<string, unknown> = {}) {
    const response = await t.request('POST', '/v1/query', { query: text, ...extra });
    expect(response.statusCode).toBe(200);
    return response.json<QueryResponse>();
  }

  it('indexes an upsert and finds it by query, with title and metadata', async () => {
    await upsertAndWait('guide/intro.md', {
      text: 'Ragline keeps a knowledge library in sync with the places documents live.',
      title: 'Intro',
      metadata: { lang: 'en', team: 'docs' },
    });
    const { results } = await query('knowledge library in sync');
    expect(results[0]).toMatchObject({
      documentId: 'guide/intro.md',
      title: 'Intro',
      metadata: { lang: 'en', team: 'docs' },
    });
    expect(results[0].text).toContain('knowledge library');

    const state = await t.request('GET', `/v1/documents/${encodeURIComponent('guide/intro.md')}`);
    expect(state.statusCode).toBe(200);
    expect(state.json()).toMatchObject({
      id: 'guide/intro.md',
      status: 'indexed',
      version: 1,
      chunks: 1,
    });
  });

  it('filters by metadata', async () => {
    await upsertAndWait('filter-a', {
      text: 'Apples are crunchy fruit.',
      metadata: { kind: 'fruit' },
    });
    await upsertAndWait('filter-b', {
      text: 'Apples and pears in a crunchy salad.',
      metadata: { kind: 'recipe' },
    });
    const { results } = await query('crunchy apples', {
      filter: { metadata: { kind: 'recipe' } },
      topK: 10,
    });
    expect(results.map((r) => r.documentId)).toEqual(['filter-b']);
  });

  it('replaces the old chunks on update: no stale text is ever returned', async () => {
    await upsertAndWait('changing', {
      text: 'The launch code is ALPHA-ORANGE and the meeting is on Monday.',
    });
    await upsertAndWait('changing', {
      text: 'The launch code is BRAVO-GREEN and the meeting is on Friday.',
    });
    const { results } = await query('launch code meeting', { topK: 20 });
    const texts = results.filter((r) => r.documentId === 'changing').map((r) => r.text);
    expect(texts).toEqual(['The launch code is BRAVO-GREEN and the meeting is on Friday.']);
    const state = await t.request('GET', '/v1/documents/changing');
    expect(state.json()).toMatchObject({ status: 'indexed', version: 2, latestVersion: 2 });
  });

  it('removes every chunk on delete', async () => {
    const long = Array.from(
      { length: 40 },
      (_, i) => `Paragraph ${i} about zebras and their stripes.`,
    ).join('\n\n');
    await upsertAndWait('to-delete', { text: long, title: 'Zebras' });
    const before = await query('zebras stripes', {
      topK: 100,
      filter: { documentId: 'to-delete' },
    });
    expect(before.results.length).toBeGreaterThan(0);

    const response = await t.request('DELETE', '/v1/documents/to-delete');
    expect(response.statusCode).toBe(202);
    const event = await t.waitForEvent(response.json<{ eventId: string }>().eventId);
    expect(event.status).toBe('completed');

    const after = await query('zebras stripes', { topK: 100 });
    expect(after.results.filter((r) => r.documentId === 'to-delete')).toEqual([]);
    expect((await t.request('GET', '/v1/documents/to-delete')).json()).toMatchObject({
      status: 'deleted',
      chunks: 0,
    });
  });

  it('accepts and indexes a 1 MB document', async () => {
    const paragraph =
      'Rust compiler internals: the borrow checker, MIR building, and trait solving. ';
    const text = Array.from({ length: Math.ceil(1_048_576 / paragraph.length) }, (_, i) =>
      i % 20 === 19 ? `${paragraph}\n\n` : paragraph,
    ).join('');
    expect(text.length).toBeGreaterThanOrEqual(1_048_576);
    await upsertAndWait('big-doc', { text });
    const state = (await t.request('GET', '/v1/documents/big-doc')).json<{
      chunks: number;
      status: string;
    }>();
    expect(state.status).toBe('indexed');
    expect(state.chunks).toBeGreaterThan(100);
  });

  it('reports unknown documents and events as 404 with an error body', async () => {
    const doc = await t.request('GET', '/v1/documents/never-seen');
    expect(doc.statusCode).toBe(404);
    expect(doc.json()).toEqual({
      error: expect.objectContaining({ code: 'DOCUMENT_NOT_FOUND', field: 'id' }),
    });
    const event = await t.request('GET', '/v1/events/00000000-0000-4000-8000-000000000000');
    expect(event.statusCode).toBe(404);
    expect(event.json()).toEqual({ error: expect.objectContaining({ code: 'EVENT_NOT_FOUND' }) });
  });

  it('answers a query only after the events it names are applied (read-your-writes)', async () => {
    const put = await t.request('PUT', '/v1/documents/ryw', {
      text: 'Kestrels hover over the meadow at dawn.',
    });
    const { eventId } = put.json<{ eventId: string }>();
    const response = await t.request('POST', '/v1/query', {
      query: 'kestrels hover meadow',
      consistency: { afterEvents: [eventId], timeoutMs: 10_000 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<QueryResponse>().results[0]).toMatchObject({ documentId: 'ryw' });
  });

  it('answers health and readiness', async () => {
    expect((await t.request('GET', '/health')).json()).toEqual({ status: 'ok' });
    const ready = await t.request('GET', '/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });
});
