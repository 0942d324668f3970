import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { Chunker } from '@ragline/chunking';
import { CONFIG, type Config } from '@ragline/config';
import {
  EMBEDDER,
  EmbeddersModule,
  embedderKey,
  SPARSE_ENCODER,
  type Embedder,
  type SparseEncoder,
} from '@ragline/embedders';
import { DocumentRegistry, REGISTRY_REDIS, RegistryModule } from '@ragline/registry';
import type { RedisClientType } from 'redis';
import {
  VECTOR_STORE,
  VectorStoreModule,
  type LibrarySpec,
  type VectorStore,
} from '@ragline/vector-store';
import { DocumentSyncService } from './document-sync.service';
import { EmbeddingCache } from './embedding-cache';
import { LIBRARY_SPEC, librarySpecFor } from './library';

/**
 * Everything that touches the library: registry, store, embedder, chunker, and the sync service.
 * Creates the library on start (both roles do, so queries work before the first document).
 */
@Module({
  imports: [RegistryModule, VectorStoreModule, EmbeddersModule],
  providers: [
    {
      provide: Chunker,
      inject: [CONFIG],
      useFactory: (config: Config) =>
        new Chunker({
          chunkSizeTokens: config.CHUNK_SIZE_TOKENS,
          chunkOverlapTokens: config.CHUNK_OVERLAP_TOKENS,
        }),
    },
    { provide: LIBRARY_SPEC, inject: [CONFIG, EMBEDDER], useFactory: librarySpecFor },
    {
      provide: EmbeddingCache,
      inject: [REGISTRY_REDIS, EMBEDDER, CONFIG],
      useFactory: (redis: RedisClientType, embedder: Embedder, config: Config) =>
        new EmbeddingCache(redis, {
          prefix: config.RAGLINE_QUEUE_PREFIX,
          embedder: embedderKey(embedder.id),
          ttlSeconds: config.EMBEDDING_CACHE_TTL_SECONDS,
        }),
    },
    {
      provide: DocumentSyncService,
      inject: [
        DocumentRegistry,
        VECTOR_STORE,
        EMBEDDER,
        SPARSE_ENCODER,
        Chunker,
        EmbeddingCache,
        CONFIG,
      ],
      useFactory: (
        registry: DocumentRegistry,
        store: VectorStore,
        embedder: Embedder,
        sparse: SparseEncoder,
        chunker: Chunker,
        cache: EmbeddingCache,
        config: Config,
      ) =>
        new DocumentSyncService({
          registry,
          store,
          embedder,
          sparse,
          chunker,
          cache: config.EMBEDDING_CACHE_TTL_SECONDS > 0 ? cache : undefined,
          library: config.LIBRARY_NAME,
        }),
    },
  ],
  exports: [Chunker, LIBRARY_SPEC, DocumentSyncService],
})
export class IngestionModule implements OnModuleInit {
  constructor(
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    @Inject(LIBRARY_SPEC) private readonly spec: LibrarySpec,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.store.ensureLibrary(this.spec);
  }
}
