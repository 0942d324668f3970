import { availableParallelism } from 'node:os';
import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { METRICS, type Metrics } from '@ragline/metrics';
import { createEmbedder, createSparseEncoder } from './create-embedder';
import { EMBEDDER, EMBEDDER_REGISTRY, SPARSE_ENCODER, type Embedder } from './embedder.port';
import { EmbedderRegistry } from './embedder-registry';
import { EmbeddingLanes } from './embedding-lanes';
import { InstrumentedEmbedder } from './instrumented-embedder';

/**
 * The embedders (EMBEDDER_REGISTRY: one per embedding space, sharing the embedding lanes), the
 * deployment's default among them (EMBEDDER), and the BM25 encoder (SPARSE_ENCODER).
 */
@Module({
  providers: [
    {
      provide: EMBEDDER_REGISTRY,
      inject: [CONFIG, METRICS],
      useFactory: async (config: Config, metrics: Metrics) => {
        const lanes = new EmbeddingLanes(config.EMBEDDING_CONCURRENCY || availableParallelism());
        const fallback = new InstrumentedEmbedder(await createEmbedder(config), metrics, lanes);
        return new EmbedderRegistry(config, metrics, lanes, fallback);
      },
    },
    {
      provide: EMBEDDER,
      inject: [EMBEDDER_REGISTRY],
      useFactory: (registry: EmbedderRegistry) => registry.defaultEmbedder,
    },
    { provide: SPARSE_ENCODER, useFactory: createSparseEncoder },
  ],
  exports: [EMBEDDER, EMBEDDER_REGISTRY, SPARSE_ENCODER],
})
export class EmbeddersModule implements OnApplicationShutdown {
  constructor(@Inject(EMBEDDER_REGISTRY) private readonly registry: EmbedderRegistry) {}

  async onApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }
}

export type { Embedder };
