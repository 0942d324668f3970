import { Module } from '@nestjs/common';
import { CatalogModule, LIBRARY_CATALOG, type LibraryCatalog } from '@ragline/catalog';
import { CONFIG, type Config } from '@ragline/config';
import { METRICS, type Metrics } from '@ragline/metrics';
import { EMBEDDER_REGISTRY, EmbeddersModule, type EmbedderRegistry } from '@ragline/embedders';
import { DocumentSyncService, IngestionModule, RedisBuildTracker } from '@ragline/ingestion';
import { QueueModule, SYNC_QUEUE, type SyncQueue } from '@ragline/queue';
import { REDIS_CLIENT, RedisModule, type RedisClient } from '@ragline/redis';
import { DOCUMENT_REGISTRY, RegistryModule, type DocumentRegistry } from '@ragline/registry';
import { RetrievalModule, RetrievalService } from '@ragline/retrieval';
import { SOURCE_STORE, SourceService, SourcesModule, type SourceStore } from '@ragline/sources';
import { VECTOR_STORE, VectorStoreModule, type VectorStore } from '@ragline/vector-store';
import { RedisQueryLog } from './adapters/redis/redis-query-log';
import { RedisReindexStore } from './adapters/redis/redis-reindex-store';
import { QUERY_LOG, type QueryLog } from './query-log.port';
import { ReindexRunner } from './reindex-runner';
import { REINDEX_STORE, type ReindexStore } from './reindex-store.port';
import { ReindexService } from './reindex.service';

/** Reindex runs and the transitions of a library's versions (API and workers). */
@Module({
  imports: [
    RedisModule,
    CatalogModule,
    RegistryModule,
    VectorStoreModule,
    QueueModule,
    EmbeddersModule,
    SourcesModule,
  ],
  providers: [
    {
      provide: QUERY_LOG,
      inject: [REDIS_CLIENT, CONFIG],
      useFactory: (redis: RedisClient, config: Config) =>
        new RedisQueryLog(redis, config.RAGLINE_QUEUE_PREFIX, config.QUERY_LOG_SIZE),
    },
    {
      provide: REINDEX_STORE,
      inject: [REDIS_CLIENT, CONFIG],
      useFactory: (redis: RedisClient, config: Config) =>
        new RedisReindexStore(redis, config.RAGLINE_QUEUE_PREFIX),
    },
    {
      provide: ReindexService,
      inject: [
        REINDEX_STORE,
        LIBRARY_CATALOG,
        DOCUMENT_REGISTRY,
        VECTOR_STORE,
        SYNC_QUEUE,
        EMBEDDER_REGISTRY,
        REDIS_CLIENT,
        SOURCE_STORE,
        METRICS,
        CONFIG,
      ],
      useFactory: (
        runs: ReindexStore,
        catalog: LibraryCatalog,
        registry: DocumentRegistry,
        vectors: VectorStore,
        queue: SyncQueue,
        embedders: EmbedderRegistry,
        redis: RedisClient,
        sources: SourceStore,
        metrics: Metrics,
        config: Config,
      ) =>
        new ReindexService({
          sourceIds: async (library) =>
            (await sources.list(library)).filter((s) => s.status === 'active').map((s) => s.id),
          runs,
          catalog,
          registry,
          vectors,
          queue,
          embedders,
          metrics,
          builds: new RedisBuildTracker(redis, config.RAGLINE_QUEUE_PREFIX),
          keepPrevious: config.REINDEX_KEEP_VERSIONS > 0,
        }),
    },
  ],
  exports: [ReindexService, REINDEX_STORE, QUERY_LOG],
})
export class ReindexModule {}

/** The worker side: the runner of plan, batch and finish jobs. */
@Module({
  imports: [
    ReindexModule,
    SourcesModule,
    IngestionModule,
    RetrievalModule,
    CatalogModule,
    QueueModule,
    EmbeddersModule,
  ],
  providers: [
    {
      provide: ReindexRunner,
      inject: [
        REINDEX_STORE,
        ReindexService,
        LIBRARY_CATALOG,
        DOCUMENT_REGISTRY,
        SYNC_QUEUE,
        DocumentSyncService,
        RetrievalService,
        EMBEDDER_REGISTRY,
        QUERY_LOG,
        SourceService,
        METRICS,
        CONFIG,
      ],
      useFactory: (
        runs: ReindexStore,
        service: ReindexService,
        catalog: LibraryCatalog,
        registry: DocumentRegistry,
        queue: SyncQueue,
        sync: DocumentSyncService,
        retrieval: RetrievalService,
        embedders: EmbedderRegistry,
        queries: QueryLog,
        sources: SourceService,
        metrics: Metrics,
        config: Config,
      ) =>
        new ReindexRunner({
          queries,
          sweepSource: async (library, sourceId) => {
            const source = await sources.get(library, sourceId).catch(() => undefined);
            if (source) await sources.trigger(source, 'reindex');
            return source !== undefined;
          },
          runs,
          service,
          catalog,
          registry,
          queue,
          sync,
          retrieval,
          lanes: embedders.lanes,
          metrics,
          batchSize: config.REINDEX_BATCH_SIZE,
        }),
    },
  ],
  exports: [ReindexRunner, ReindexModule],
})
export class ReindexWorkerModule {}
