import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { REDIS_CLIENT, RedisModule, type RedisClient } from '@ragline/redis';
import { RedisDocumentRegistry } from './adapters/redis/redis-document-registry';
import { RedisEventWaiter } from './adapters/redis/redis-event-waiter';
import {
  DOCUMENT_REGISTRY,
  EVENT_WAITER,
  type DocumentRegistry,
  type EventWaiter,
} from './registry.port';

/** The document registry (DOCUMENT_REGISTRY) and read-your-writes waiting (EVENT_WAITER), on Redis. */
@Module({
  imports: [RedisModule],
  providers: [
    {
      provide: DOCUMENT_REGISTRY,
      inject: [REDIS_CLIENT, CONFIG],
      useFactory: (redis: RedisClient, config: Config) =>
        new RedisDocumentRegistry(redis, {
          prefix: config.RAGLINE_QUEUE_PREFIX,
          eventRetentionSeconds: config.EVENT_RETENTION_SECONDS,
        }),
    },
    {
      provide: EVENT_WAITER,
      inject: [REDIS_CLIENT, DOCUMENT_REGISTRY],
      useFactory: (redis: RedisClient, registry: RedisDocumentRegistry) =>
        new RedisEventWaiter(redis, registry, registry.channel),
    },
  ],
  exports: [DOCUMENT_REGISTRY, EVENT_WAITER],
})
export class RegistryModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_WAITER) private readonly waiter: EventWaiter) {}

  async onApplicationShutdown(): Promise<void> {
    await this.waiter.close();
  }
}

export type { DocumentRegistry };
