import { Module } from '@nestjs/common';
import { CatalogModule, LIBRARY_CATALOG, type LibraryCatalog } from '@ragline/catalog';
import { CONFIG, type Config } from '@ragline/config';
import {
  EMBEDDER_REGISTRY,
  EmbeddersModule,
  SPARSE_ENCODER,
  type EmbedderRegistry,
  type SparseEncoder,
} from '@ragline/embedders';
import { QueueConsumerModule } from '@ragline/queue';
import { REDIS_CLIENT, RedisModule, type RedisClient } from '@ragline/redis';
import { DOCUMENT_REGISTRY, RegistryModule, type DocumentRegistry } from '@ragline/registry';
import { VECTOR_STORE, VectorStoreModule, type VectorStore } from '@ragline/vector-store';
import { RedisBuildTracker } from './adapters/redis/redis-build-tracker';
import { RedisEmbeddingCache } from './adapters/redis/redis-embedding-cache';
import { BUILD_TRACKER, type BuildTracker } from './build-tracker.port';
import { ChunkPointBuilder } from './chunk-points';
import { DocumentSyncService } from './document-sync.service';
import { EMBEDDING_CACHE, type EmbeddingCache } from './embedding-cache.port';

/**
 * The worker's side of the library: applies queued document changes (registry, store, embedder,
 * chunking, the embedding cache) and consumes the sync queues. Only worker processes import it:
 * the API never builds the sync service.
 */
@Module({
  imports: [
    RedisModule,
    RegistryModule,
    VectorStoreModule,
    EmbeddersModule,
    CatalogModule,
    QueueConsumerModule,
  ],
  providers: [
    {
      provide: EMBEDDING_CACHE,
      inject: [REDIS_CLIENT, CONFIG],
      useFactory: (redis: RedisClient, config: Config) =>
        new RedisEmbeddingCache(redis, {
          prefix: config.RAGLINE_QUEUE_PREFIX,
          ttlSeconds: config.EMBEDDING_CACHE_TTL_SECONDS,
        }),
    },
    {
      provide: BUILD_TRACKER,
      inject: [REDIS_CLIENT, CONFIG],
      useFactory: (redis: RedisClient, config: Config) =>
        new RedisBuildTracker(redis, config.RAGLINE_QUEUE_PREFIX),
    },
    {
      provide: ChunkPointBuilder,
      inject: [VECTOR_STORE, EMBEDDER_REGISTRY, SPARSE_ENCODER, EMBEDDING_CACHE, CONFIG],
      useFactory: (
        store: VectorStore,
        embedders: EmbedderRegistry,
        sparse: SparseEncoder,
        cache: EmbeddingCache,
        config: Config,
      ) =>
        new ChunkPointBuilder({
          store,
          embedders,
          sparse,
          cache: config.EMBEDDING_CACHE_TTL_SECONDS > 0 ? cache : undefined,
        }),
    },
    {
      provide: DocumentSyncService,
      inject: [DOCUMENT_REGISTRY, VECTOR_STORE, ChunkPointBuilder, BUILD_TRACKER, LIBRARY_CATALOG],
      useFactory: (
        registry: DocumentRegistry,
        store: VectorStore,
        points: ChunkPointBuilder,
        builds: BuildTracker,
        libraries: LibraryCatalog,
      ) => new DocumentSyncService({ registry, store, points, builds, libraries }),
    },
  ],
  exports: [
    DocumentSyncService,
    BUILD_TRACKER,
    EmbeddersModule,
    EMBEDDING_CACHE,
    RegistryModule,
    VectorStoreModule,
    CatalogModule,
    QueueConsumerModule,
  ],
})
export class IngestionModule {}
