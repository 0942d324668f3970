import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { METRICS, type Metrics } from '@ragline/metrics';
import { InstrumentedEmbedder } from './instrumented-embedder';
import { createEmbedder, createSparseEncoder } from './create-embedder';
import { EMBEDDER, SPARSE_ENCODER, type Embedder } from './embedder.port';

/** Provides the configured dense Embedder (EMBEDDER) and the BM25 encoder (SPARSE_ENCODER). */
@Module({
  providers: [
    {
      provide: EMBEDDER,
      inject: [CONFIG, METRICS],
      useFactory: async (config: Config, metrics: Metrics) =>
        new InstrumentedEmbedder(await createEmbedder(config), metrics),
    },
    { provide: SPARSE_ENCODER, useFactory: createSparseEncoder },
  ],
  exports: [EMBEDDER, SPARSE_ENCODER],
})
export class EmbeddersModule implements OnApplicationShutdown {
  constructor(@Inject(EMBEDDER) private readonly embedder: Embedder) {}

  async onApplicationShutdown(): Promise<void> {
    await this.embedder.close();
  }
}
