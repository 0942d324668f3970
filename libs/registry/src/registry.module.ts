import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import type { RedisClientType } from 'redis';
import { CONFIG, type Config } from '@ragline/config';
import { createRegistryClient } from '@ragline/queue';
import { DocumentRegistry } from './document-registry';
import { EventWaiter } from './event-waiter';

export const REGISTRY_REDIS = Symbol('REGISTRY_REDIS');

/** The document registry and its node-redis connection (redis-om needs node-redis). */
@Global()
@Module({
  providers: [
    {
      provide: REGISTRY_REDIS,
      inject: [CONFIG],
      useFactory: (config: Config) => {
        const logger = new Logger('redis');
        return createRegistryClient(config.REDIS_URL, {
          onStateChange: (state, detail) =>
            state === 'lost'
              ? logger.warn({ stage: 'redis', detail }, 'redis connection lost; reconnecting')
              : logger.log({ stage: 'redis' }, 'redis connection restored'),
        });
      },
    },
    {
      provide: EventWaiter,
      inject: [REGISTRY_REDIS, DocumentRegistry],
      useFactory: (redis: RedisClientType, registry: DocumentRegistry) =>
        new EventWaiter(redis, registry),
    },
    {
      provide: DocumentRegistry,
      inject: [REGISTRY_REDIS, CONFIG],
      useFactory: (redis: RedisClientType, config: Config) =>
        new DocumentRegistry(redis, {
          prefix: config.RAGLINE_QUEUE_PREFIX,
          eventRetentionSeconds: config.EVENT_RETENTION_SECONDS,
        }),
    },
  ],
  exports: [DocumentRegistry, EventWaiter, REGISTRY_REDIS],
})
export class RegistryModule implements OnApplicationShutdown {
  constructor(
    @Inject(REGISTRY_REDIS) private readonly redis: RedisClientType,
    private readonly waiter: EventWaiter,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.waiter.close();
    if (this.redis.isOpen) await this.redis.quit();
  }
}
