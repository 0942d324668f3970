import { Module } from '@nestjs/common';
import { CatalogModule } from '@ragline/catalog';
import { CONFIG, type Config } from '@ragline/config';
import {
  EMBEDDER,
  EmbeddersModule,
  SPARSE_ENCODER,
  type Embedder,
  type SparseEncoder,
} from '@ragline/embedders';
import { QueueConsumerModule } from '@ragline/queue';
import { REDIS_CLIENT, RedisModule, type RedisClient } from '@ragline/redis';
import { DOCUMENT_REGISTRY, RegistryModule, type DocumentRegistry } from '@ragline/registry';
import { VECTOR_STORE, VectorStoreModule, type VectorStore } from '@ragline/vector-store';
import { RedisEmbeddingCache } from './adapters/redis/redis-embedding-cache';
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
      provide: DocumentSyncService,
      inject: [DOCUMENT_REGISTRY, VECTOR_STORE, EMBEDDER, SPARSE_ENCODER, EMBEDDING_CACHE, CONFIG],
      useFactory: (
        registry: DocumentRegistry,
        store: VectorStore,
        embedder: Embedder,
        sparse: SparseEncoder,
        cache: EmbeddingCache,
        config: Config,
      ) =>
        new DocumentSyncService({
          registry,
          store,
          embedder,
          sparse,
          cache: config.EMBEDDING_CACHE_TTL_SECONDS > 0 ? cache : undefined,
        }),
    },
  ],
  exports: [
    DocumentSyncService,
    EMBEDDING_CACHE,
    RegistryModule,
    VectorStoreModule,
    CatalogModule,
    QueueConsumerModule,
  ],
})
export class IngestionModule {}
