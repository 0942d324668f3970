import { DEFAULT_TENANT, storeLibraryName, type LibraryRef } from '@ragline/events';
import { DOCUMENT_REGISTRY, type DocumentRegistry } from '@ragline/registry';
import { VECTOR_STORE, type VectorStore } from '@ragline/vector-store';
import { createRedisClient } from '@ragline/redis';
import { startTestApp, type TestApp } from '../../support/test-app';
import { waitFor } from '../../support/test-env';
import { ScratchRepo } from '../sources/scratch-repo';
import { libraryClient, sciFactSlice, type Corpus } from './reindex-fixture';

jest.setTimeout(240_000);

/**
 * Reindex end to end on the real stack (API + worker in one process, real Redis, LanceDB):
 * a model migration under live traffic with zero failed queries, rollback, the check before the
 * swap, cancel, failure, one run per library and safe retries of the start.
 */
describe('reindex: blue/green rebuilds with zero query downtime', () => {
  let t: TestApp;
  let corpus: Corpus;
  let store: VectorStore;
  let registry: DocumentRegistry;

  beforeAll(async () => {
    // Small batches, so a run is many batches (the flow) even on 300 documents.
    t = await startTestApp({
      env: { REINDEX_BATCH_SIZE: '25', EMBEDDING_DIMENSIONS: '64', QUERY_LOG_SIZE: '100' },
    });
    store = t.app.get(VECTOR_STORE);
    registry = t.app.get(DOCUMENT_REGISTRY);
    corpus = await sciFactSlice(300, 25);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every document's chunks in `version` are exactly the registry's applied chunks. */
  async function expectExact(
    ref: LibraryRef,
    ids: Iterable<string>,
    version: number,
    dims: number,
  ) {
    const name = storeLibraryName(ref);
    const wrong: string[] = [];
    for (const id of ids) {
      const state = await registry.getDocument(ref, id);
      const points = await store.getDocumentVectors(name, id, version);
      const expected = state && state.status !== 'deleted' ? [...state.chunkHashes].sort() : [];
      const actual = points.map((point) => point.contentHash).sort();
      const badDims = points.some((point) => point.vector.length !== dims);
      if (JSON.stringify(expected) !== JSON.stringify(actual) || badDims) wrong.push(id);
    }
    expect(wrong).toEqual([]);
  }

  it('migrates to another embedder while queries and live changes flow; rollback works', async () => {
    const ref = { tenant: DEFAULT_TENANT, library: 'migrate' };
    const lib = libraryClient(t, ref.library);
    await lib.create({ searchMode: 'hybrid' });
    await lib.load(corpus.documents);
    const before = await lib.details();
    expect(before).toMatchObject({ version: 1, embedder: { dimensions: 64 } });

    const started = await lib.startReindex({ embedder: { kind: 'hash', dimensions: 48 } });
    expect(started.statusCode).toBe(202);
    const { reindexId } = started.json<{ reindexId: string }>();
    let running = true;

    // One client queries continuously and records which version answered.
    const answers: Array<{ status: number; version?: number }> = [];
    const querying = (async () => {
      for (let i = 0; running || i % 20 !== 0; i++) {
        const response = await lib.query(corpus.evalSet[i % corpus.evalSet.length].query);
        const version =
          response.statusCode === 200
            ? response.json<{ libraryVersion: number }>().libraryVersion
            : undefined;
        answers.push({ status: response.statusCode, version });
      }
    })();

    // Another sends live upserts (new and edited documents) and deletes during the run.
    const liveEvents: string[] = [];
    const touched = new Set<string>();
    const changing = (async () => {
      for (let i = 0; running && i < 300; i++) {
        const doc = corpus.documents[(i * 7) % corpus.documents.length];
        const kind = i % 3;
        const id = kind === 0 ? `live-${i}` : doc.id;
        touched.add(id);
        liveEvents.push(
          kind === 2
            ? await lib.remove(id)
            : await lib.put(id, {
                text: `${doc.text} Edited live, change ${i}.`,
                title: doc.title,
              }),
        );
      }
    })();

    let finished;
    try {
      finished = await lib.waitRun(reindexId, ['completed', 'failed', 'cancelled']);
    } finally {
      running = false;
      await Promise.all([querying, changing]);
    }
    for (const eventId of liveEvents) await lib.waitEvent(eventId);

    expect(finished.status).toBe('completed');
    expect(finished.target).toMatchObject({ version: 2, embedder: { dimensions: 48 } });
    const { counts } = finished;
    expect(counts.failed).toBe(0);
    // The live changes sent before the run listed the library are in it too.
    expect(counts.scanned).toBeGreaterThanOrEqual(corpus.documents.length);
    expect(counts.indexed + counts.unchanged + counts.deleted + counts.failed).toBe(counts.scanned);

    // Zero failed queries; the old version answered until the swap, the new one after it.
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    const versions = answers.map((a) => a.version);
    const firstNew = versions.indexOf(2);
    expect(firstNew).toBeGreaterThan(0);
    expect(versions.slice(0, firstNew).every((v) => v === 1)).toBe(true);
    expect(versions.slice(firstNew).every((v) => v === 2)).toBe(true);
    expect(touched.size).toBeGreaterThan(0);
    console.log(
      `reindex migration: ${counts.scanned} documents, ${answers.length} queries ` +
        `(${firstNew} from v1, ${answers.length - firstNew} from v2, 0 failed), ` +
        `${liveEvents.length} live changes during the run; counts ${JSON.stringify(counts)}`,
    );

    // Every document, including every live change of the run, is exact in both versions.
    const all = new Set([...corpus.documents.map((d) => d.id), ...touched]);
    await expectExact(ref, all, 2, 48);
    await expectExact(ref, all, 1, 64);
    expect(await lib.details()).toMatchObject({ version: 2, embedder: { dimensions: 48 } });

    // A change after the swap reaches both versions too, so a rollback loses nothing.
    await lib.waitEvent(await lib.put('after-swap', { text: 'Written after the swap.' }));
    await expectExact(ref, ['after-swap'], 1, 64);

    const rolledBack = await lib.decide(reindexId, 'rollback');
    expect(rolledBack.statusCode).toBe(200);
    expect(rolledBack.json()).toMatchObject({ status: 'rolled-back' });
    expect(await lib.details()).toMatchObject({ version: 1, embedder: { dimensions: 64 } });
    const answer = await lib.query('Written after the swap');
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ libraryVersion: 1 });
    expect(await store.listLibraryVersions(storeLibraryName(ref))).toEqual([1]);
    expect((await lib.decide(reindexId, 'rollback')).statusCode).toBe(409);
  });

  it('reuses every vector when only the search mode changes', async () => {
    const lib = libraryClient(t, 'mode-only');
    await lib.create({ searchMode: 'sparse' });
    await lib.load(corpus.documents.slice(0, 60));
    const started = await lib.startReindex({ searchMode: 'hybrid' });
    const { reindexId } = started.json<{ reindexId: string }>();
    const run = await lib.waitRun(reindexId, ['completed', 'failed']);
    expect(run).toMatchObject({ status: 'completed', percent: 100 });
    expect(run.counts).toMatchObject({ scanned: 60, unchanged: 60, indexed: 0, embedded: 0 });
    expect((await lib.query('protein')).json()).toMatchObject({ libraryVersion: 2 });
  });

  it('allows one run per library; Idempotency-Key makes the start safe to retry; cancel drops it', async () => {
    const ref = { tenant: DEFAULT_TENANT, library: 'one-at-a-time' };
    const lib = libraryClient(t, ref.library);
    await lib.create();
    await lib.load(corpus.documents.slice(0, 30));
    const body = { swap: 'manual', chunking: { sizeTokens: 64, overlapTokens: 8 } };
    const first = await lib.startReindex(body, { 'idempotency-key': 'rebuild-1' });
    expect(first.statusCode).toBe(202);
    const { reindexId } = first.json<{ reindexId: string }>();

    const replay = await lib.startReindex(body, { 'idempotency-key': 'rebuild-1' });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toMatchObject({ reindexId });
    const reused = await lib.startReindex({ swap: 'auto' }, { 'idempotency-key': 'rebuild-1' });
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    const second = await lib.startReindex({});
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: { code: 'REINDEX_RUNNING' } });
    expect(second.body).toContain(reindexId);

    const ready = await lib.waitRun(reindexId, ['ready', 'failed']);
    expect(ready.status).toBe('ready');
    expect((await lib.details()).reindexing).toBe(reindexId);
    expect((await lib.query('cell')).json()).toMatchObject({ libraryVersion: 1 });

    const cancelled = await lib.decide(reindexId, 'cancel');
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    const after = await lib.details();
    expect(after.version).toBe(1);
    expect(after.reindexing).toBeUndefined();
    expect(await store.listLibraryVersions(storeLibraryName(ref))).toEqual([1]);
    expect((await lib.decide(reindexId, 'swap')).statusCode).toBe(409);
    const list = await t.request('GET', `/v1/libraries/${ref.library}/reindex`);
    expect(list.json()).toMatchObject({ runs: [{ id: reindexId, status: 'cancelled' }] });
    // The slot is free again.
    const next = await lib.startReindex({});
    expect(next.statusCode).toBe(202);
    await lib.waitRun(next.json<{ reindexId: string }>().reindexId, ['completed']);
  });

  it('with if-not-worse, refuses a worse configuration and swaps one that is not worse', async () => {
    const lib = libraryClient(t, 'checked');
    await lib.create({ searchMode: 'sparse' });
    await lib.load(corpus.documents);
    const evalSet = corpus.evalSet;

    // Dense search on an 8-dimension hash embedder: far worse than BM25 on SciFact.
    const worse = await lib.startReindex({
      swap: 'if-not-worse',
      evalSet,
      searchMode: 'dense',
      embedder: { kind: 'hash', dimensions: 8 },
    });
    const worseId = worse.json<{ reindexId: string }>().reindexId;
    const refused = await lib.waitRun(worseId, ['ready', 'completed', 'failed']);
    expect(refused.status).toBe('ready');
    expect(refused.comparison).toMatchObject({ method: 'eval-set', notWorse: false });
    expect((await lib.details()).version).toBe(1);
    expect((await lib.decide(worseId, 'cancel')).statusCode).toBe(200);

    const same = await lib.startReindex({ swap: 'if-not-worse', evalSet, tolerance: 0.01 });
    const sameId = same.json<{ reindexId: string }>().reindexId;
    const swapped = await lib.waitRun(sameId, ['ready', 'completed', 'failed']);
    expect(swapped.status).toBe('completed');
    expect(swapped.comparison).toMatchObject({ method: 'eval-set', notWorse: true });
    expect((await lib.details()).version).toBe(3);
  });

  it('without an eval set, reports how much the versions agree on logged queries, and waits', async () => {
    const lib = libraryClient(t, 'logged');
    await lib.create({ searchMode: 'sparse' });
    await lib.load(corpus.documents.slice(0, 80));
    for (const { query } of corpus.evalSet.slice(0, 6)) {
      expect((await lib.query(query)).statusCode).toBe(200);
    }
    const started = await lib.startReindex({ swap: 'if-not-worse', searchMode: 'hybrid' });
    const run = await lib.waitRun(started.json<{ reindexId: string }>().reindexId, [
      'ready',
      'completed',
      'failed',
    ]);
    expect(run.status).toBe('ready');
    expect(run.comparison).toMatchObject({ method: 'query-overlap', queries: 6 });
    const overlap = run.comparison?.overlapAt10 ?? -1;
    expect(overlap).toBeGreaterThan(0);
    expect(overlap).toBeLessThanOrEqual(1);
    expect((await lib.details()).version).toBe(1);
  });

  it('sweeps the sources it names, so the new version holds what the repository has now', async () => {
    const lib = libraryClient(t, 'from-git');
    await lib.create({ searchMode: 'sparse' });
    const repo = await ScratchRepo.create();
    try {
      await repo.commit({ 'guide/a.md': '# A\n\nAlpha pages.\n', 'guide/b.md': '# B\n\nBeta.\n' });
      const created = await t.request('POST', '/v1/libraries/from-git/sources', {
        kind: 'git',
        url: repo.url,
        branch: 'main',
        reconcileMinutes: 0,
      });
      expect(created.statusCode).toBe(201);
      const sourceId = created.json<{ id: string }>().id;
      const count = async () =>
        (await lib.details()) as unknown as { documents: { indexed: number } };
      await waitFor(
        async () => ((await count()).documents.indexed === 2 ? true : undefined),
        30_000,
      );
      // A push nobody delivered: only a sweep finds it.
      await repo.commit({ 'guide/c.md': '# C\n\nGamma, missed by the webhook.\n' });

      const unknown = await lib.startReindex({ sources: ['s0000000000000000'] });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({
        error: { code: 'SOURCE_NOT_FOUND', field: 'sources' },
      });
      const started = await lib.startReindex({ sources: [sourceId] });
      expect(started.statusCode).toBe(202);
      const run = await lib.waitRun(started.json<{ reindexId: string }>().reindexId, [
        'completed',
        'failed',
      ]);
      expect(run).toMatchObject({ status: 'completed', sources: [sourceId] });
      await waitFor(
        async () => ((await count()).documents.indexed === 3 ? true : undefined),
        30_000,
      );
      const answer = await lib.query('Gamma missed by the webhook');
      expect(answer.json()).toMatchObject({
        libraryVersion: 2,
        results: [{ documentId: `${sourceId}:guide/c.md` }],
      });
      const runs = await t.request('GET', `/v1/libraries/from-git/sources/${sourceId}/syncs`);
      expect(runs.json<{ syncs: Array<{ trigger: string }> }>().syncs[0]).toMatchObject({
        trigger: 'reindex',
      });
    } finally {
      await repo.cleanup();
    }
  });

  it('fails a run whose document cannot be rebuilt, and leaves the live version as it was', async () => {
    const ref = { tenant: DEFAULT_TENANT, library: 'broken' };
    const lib = libraryClient(t, ref.library);
    await lib.create();
    await lib.load(corpus.documents.slice(0, 20));
    // A document indexed by an older Ragline has no stored text to rebuild from.
    const lost = corpus.documents[3].id;
    const redis = await createRedisClient(t.testEnv.redisUrl);
    await redis.del(`${t.testEnv.prefix}:{default.broken}:content:${lost}`);
    await redis.quit();

    const started = await lib.startReindex({ embedder: { kind: 'hash', dimensions: 32 } });
    const run = await lib.waitRun(started.json<{ reindexId: string }>().reindexId, [
      'failed',
      'completed',
    ]);
    expect(run.status).toBe('failed');
    expect(run.counts).toMatchObject({ scanned: 20, failed: 1 });
    expect(run.errors).toEqual([
      { documentId: lost, message: expect.stringContaining('CONTENT_MISSING') as string },
    ]);
    expect(await lib.details()).toMatchObject({ version: 1, embedder: { dimensions: 64 } });
    // The run is `failed` first (that decides it), then its partial version is dropped.
    await waitFor(async () => {
      const versions = await store.listLibraryVersions(storeLibraryName(ref));
      return versions.length === 1 && versions[0] === 1 ? true : undefined;
    });
    expect((await lib.query('cell')).statusCode).toBe(200);
  });

  it('answers bad requests with a clear 4xx', async () => {
    const lib = libraryClient(t, 'default');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ swap: 'sometimes' }, 'swap'],
      [{ chunking: { sizeTokens: 32, overlapTokens: 40 } }, 'chunking.overlapTokens'],
      [{ embedder: { kind: 'word2vec' } }, 'embedder.kind'],
      [{ evalSet: [{ query: 'x', relevant: [] }] }, 'evalSet.0.relevant'],
      [{ unknown: true }, 'unknown'],
    ];
    for (const [body, field] of cases) {
      const response = await lib.startReindex(body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field } });
    }
    const cohere = await lib.startReindex({ embedder: { kind: 'cohere' } });
    expect(cohere.statusCode).toBe(400);
    expect(cohere.json()).toMatchObject({ error: { code: 'FEATURE_NOT_CONFIGURED' } });
    expect(
      (await t.request('GET', '/v1/libraries/default/reindex/r0000000000000000')).statusCode,
    ).toBe(404);
    expect((await t.request('GET', '/v1/libraries/default/reindex/nope')).statusCode).toBe(400);
  });
});
