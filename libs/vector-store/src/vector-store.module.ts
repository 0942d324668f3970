import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { METRICS, type Metrics } from '@ragline/metrics';
import { InstrumentedVectorStore } from './instrumented-vector-store';
import { createVectorStore } from './create-vector-store';
import { VECTOR_STORE, type VectorStore } from './vector-store.port';

/** Provides the configured VectorStore under VECTOR_STORE and closes it on shutdown. */
@Module({
  providers: [
    {
      provide: VECTOR_STORE,
      inject: [CONFIG, METRICS],
      useFactory: async (config: Config, metrics: Metrics) =>
        new InstrumentedVectorStore(await createVectorStore(config), metrics),
    },
  ],
  exports: [VECTOR_STORE],
})
export class VectorStoreModule implements OnApplicationShutdown {
  constructor(@Inject(VECTOR_STORE) private readonly store: VectorStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
