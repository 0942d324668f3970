import type { RedisClientType } from 'redis';
import { Chunker } from '@ragline/chunking';
import { HashEmbedder, createSparseEncoder, type Embedder } from '@ragline/embedders';
import { DocumentSyncService, EmbeddingCache } from '@ragline/ingestion';
import { createRegistryClient } from '@ragline/queue';
import { DocumentRegistry } from '@ragline/registry';
import { LanceDbVectorStore, type VectorStore } from '@ragline/vector-store';
import { createTestEnv, type TestEnv } from './test-env';

export const LIBRARY = 'default';

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
  redis: RedisClientType;
  registry: DocumentRegistry;
  store: LanceDbVectorStore;
  embedder: CountingEmbedder;
  chunker: Chunker;
  /** A sync service; pass another store to interpose on writes. */
  service(store?: VectorStore): DocumentSyncService;
  close(): Promise<void>;
}

/** The ingestion pipeline without the queue: real Redis registry, real LanceDB, hash embedder. */
export async function createSyncHarness(): Promise<SyncHarness> {
  const env = await createTestEnv();
  const redis = await createRegistryClient(env.redisUrl);
  const registry = new DocumentRegistry(redis, { prefix: env.prefix, eventRetentionSeconds: 3600 });
  const store = await LanceDbVectorStore.open(env.dataDir);
  const embedder = new CountingEmbedder(new HashEmbedder(64));
  const chunker = new Chunker({ chunkSizeTokens: 40, chunkOverlapTokens: 0 });
  await store.ensureLibrary({
    name: LIBRARY,
    dense: { size: 64, distance: 'cosine' },
    sparse: true,
    embedder: 'hash:test:64',
  });
  const sparse = createSparseEncoder();
  const cache = new EmbeddingCache(redis, {
    prefix: env.prefix,
    embedder: 'hash:test:64',
    ttlSeconds: 600,
  });
  return {
    env,
    redis,
    registry,
    store,
    embedder,
    chunker,
    service: (override?: VectorStore) =>
      new DocumentSyncService({
        registry,
        store: override ?? store,
        embedder,
        sparse,
        chunker,
        cache,
        library: LIBRARY,
      }),
    async close() {
      await store.close();
      await redis.quit();
      await env.cleanup();
    },
  };
}
