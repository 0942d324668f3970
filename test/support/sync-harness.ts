import { storeSpec, type Library } from '@ragline/catalog';
import {
  EmbedderRegistry,
  EmbeddingLanes,
  HashEmbedder,
  createSparseEncoder,
  embedderKey,
  type Embedder,
} from '@ragline/embedders';
import { DEFAULT_LIBRARY, DEFAULT_TENANT, storeLibraryName } from '@ragline/events';
import {
  ChunkPointBuilder,
  DocumentSyncService,
  RedisBuildTracker,
  RedisEmbeddingCache,
} from '@ragline/ingestion';
import { loadConfig } from '@ragline/config';
import { PrometheusMetrics } from '@ragline/metrics';
import { createRedisClient, type RedisClient } from '@ragline/redis';
import { RedisDocumentRegistry, type DocumentRegistry } from '@ragline/registry';
import { LanceDbVectorStore, type VectorStore } from '@ragline/vector-store';
import { createTestEnv, type TestEnv } from './test-env';

/** Counts what reaches the real embedder: calls and texts. */
export class CountingEmbedder implements Embedder {
  calls = 0;
  texts = 0;
  constructor(private readonly inner: Embedder) {}
  get id() {
    return this.inner.id;
  }
  get maxBatchSize() {
    return this.inner.maxBatchSize;
  }
  async embedDocuments(texts: readonly string[]): Promise<number[][]> {
    this.calls++;
    this.texts += texts.length;
    return this.inner.embedDocuments(texts);
  }
  embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface SyncHarness {
  env: TestEnv;
  redis: RedisClient;
  registry: DocumentRegistry;
  store: LanceDbVectorStore;
  embedder: CountingEmbedder;
  /** The library the harness syncs (40-token chunks, no overlap, hash embedder). */
  library: Library;
  /** Its collection's name in the store. */
  storeName: string;
  /** A sync service; pass another store to interpose on writes. */
  service(store?: VectorStore): DocumentSyncService;
  close(): Promise<void>;
}

/** The ingestion pipeline without the queue: real Redis registry, real LanceDB, hash embedder. */
export async function createSyncHarness(): Promise<SyncHarness> {
  const env = await createTestEnv();
  const redis = await createRedisClient(env.redisUrl);
  const registry = new RedisDocumentRegistry(redis, {
    prefix: env.prefix,
    eventRetentionSeconds: 3600,
  });
  const store = await LanceDbVectorStore.open(env.dataDir);
  const embedder = new CountingEmbedder(new HashEmbedder(64));
  const library: Library = {
    tenant: DEFAULT_TENANT,
    library: DEFAULT_LIBRARY,
    searchMode: 'sparse',
    chunking: { sizeTokens: 40, overlapTokens: 0 },
    embedder: { key: embedderKey(embedder.id), dimensions: embedder.id.dimensions },
    version: 1,
    status: 'active',
    createdAt: Date.now(),
  };
  await store.ensureLibrary(storeSpec(library));
  const sparse = createSparseEncoder();
  const cache = new RedisEmbeddingCache(redis, { prefix: env.prefix, ttlSeconds: 600 });
  const config = loadConfig({ RAGLINE_QUEUE_PREFIX: env.prefix });
  const embedders = new EmbedderRegistry(
    config,
    new PrometheusMetrics('worker'),
    new EmbeddingLanes(2),
    embedder,
  );
  return {
    env,
    redis,
    registry,
    store,
    embedder,
    library,
    storeName: storeLibraryName(library),
    service: (override?: VectorStore) =>
      new DocumentSyncService({
        registry,
        store: override ?? store,
        points: new ChunkPointBuilder({ store: override ?? store, embedders, sparse, cache }),
        builds: new RedisBuildTracker(redis, env.prefix),
        libraries: { get: () => Promise.resolve(library) },
      }),
    async close() {
      await store.close();
      await redis.quit();
      await env.cleanup();
    },
  };
}
