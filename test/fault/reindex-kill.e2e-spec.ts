import { DEFAULT_TENANT, storeLibraryName } from '@ragline/events';
import { createRedisClient, type RedisClient } from '@ragline/redis';
import { RedisDocumentRegistry } from '@ragline/registry';
import { LanceDbVectorStore } from '@ragline/vector-store';
import { createTestEnv, waitFor, type TestEnv } from '../support/test-env';
import {
  freePort,
  startService,
  waitReady,
  type ServiceProcess,
} from '../support/service-processes';
import { httpRequester, libraryClient, sciFactSlice } from '../e2e/reindex/reindex-fixture';

jest.setTimeout(300_000);

/**
 * A worker SIGKILLed in the middle of a reindex: its batch is retried by another worker (BullMQ
 * stalled-job recovery), the run completes, and the new version holds every document exactly
 * once, nothing missing, nothing doubled.
 */
describe('reindex survives a worker killed mid-run', () => {
  let env: TestEnv;
  let api: ServiceProcess;
  const workers: ServiceProcess[] = [];
  let redis: RedisClient;

  beforeAll(async () => {
    env = await createTestEnv({
      LOG_LEVEL: 'warn',
      REINDEX_BATCH_SIZE: '10',
      REINDEX_CONCURRENCY: '2',
      EMBEDDING_DIMENSIONS: '64',
      // A dead worker's batch is seen as stalled within a few seconds.
      WORKER_LOCK_DURATION_MS: '3000',
      WORKER_STALLED_INTERVAL_MS: '1000',
    });
    redis = await createRedisClient(env.redisUrl);
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), ...workers.map((w) => w.stop())]);
    await redis?.quit();
    await env?.cleanup();
  });

  it('completes with every document exactly once in the new version', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    workers.push(startService('worker', env.env));
    api = startService('api', { ...env.env, PORT: String(port), HOST: '127.0.0.1' });
    await waitReady(baseUrl, api);
    const lib = libraryClient(httpRequester(baseUrl), 'killed');
    await lib.create({ searchMode: 'hybrid' });
    const corpus = await sciFactSlice(300, 10);
    await lib.load(corpus.documents);

    const started = await lib.startReindex({ embedder: { kind: 'hash', dimensions: 48 } });
    expect(started.statusCode).toBe(202);
    const { reindexId } = started.json<{ reindexId: string }>();
    const progressAtKill = await waitFor(
      async () => {
        const run = await lib.run(reindexId);
        return run.percent >= 15 ? run.percent : undefined;
      },
      120_000,
      'the run to pass 15%',
    );
    await workers[0].stop('SIGKILL');
    workers.push(startService('worker', env.env));

    const run = await lib.waitRun(reindexId, ['completed', 'failed'], 240_000);
    expect(run.status).toBe('completed');
    const { counts } = run;
    expect(counts.failed).toBe(0);
    expect(counts.scanned).toBe(corpus.documents.length);
    expect(counts.indexed + counts.unchanged + counts.deleted).toBe(counts.scanned);

    // Exactly the registry's chunks, once each, in the new version.
    const ref = { tenant: DEFAULT_TENANT, library: 'killed' };
    const registry = new RedisDocumentRegistry(redis, {
      prefix: env.prefix,
      eventRetentionSeconds: 3600,
    });
    const store = await LanceDbVectorStore.open(env.dataDir);
    const wrong: string[] = [];
    try {
      for (const { id } of corpus.documents) {
        const state = await registry.getDocument(ref, id);
        const points = await store.getDocumentVectors(storeLibraryName(ref), id, 2);
        const expected = [...(state?.chunkHashes ?? [])].sort();
        const actual = points.map((p) => p.contentHash).sort();
        if (JSON.stringify(expected) !== JSON.stringify(actual)) wrong.push(id);
        if (points.some((p) => p.vector.length !== 48)) wrong.push(id);
      }
    } finally {
      await store.close();
    }
    expect(wrong).toEqual([]);
    expect(await lib.details()).toMatchObject({ version: 2, embedder: { dimensions: 48 } });
    console.log(
      `reindex worker SIGKILL at ${progressAtKill}%: ${counts.scanned} documents, ` +
        `${counts.indexed + counts.unchanged} rebuilt, 0 failed, 0 missing or doubled`,
    );
  });
});
