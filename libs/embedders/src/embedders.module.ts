import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { createEmbedder } from './create-embedder';
import { EMBEDDER, type Embedder } from './embedder.port';

/** Provides the configured dense Embedder under EMBEDDER and releases it on shutdown. */
@Global()
@Module({
  providers: [
    { provide: EMBEDDER, inject: [CONFIG], useFactory: (config: Config) => createEmbedder(config) },
  ],
  exports: [EMBEDDER],
})
export class EmbeddersModule implements OnApplicationShutdown {
  constructor(@Inject(EMBEDDER) private readonly embedder: Embedder) {}

  async onApplicationShutdown(): Promise<void> {
    await this.embedder.close();
  }
}
