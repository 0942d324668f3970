import { Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { createRedisClient, type RedisClient } from './adapters/redis-connections';

/** The process's node-redis connection (registry, catalog, keys, embedding cache). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * One node-redis connection per process, shared by every lib that keeps state in Redis; it logs
 * losing and regaining the connection once each and is closed last, at shutdown.
 */
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [CONFIG],
      useFactory: (config: Config) => {
        const logger = new Logger('redis');
        return createRedisClient(config.REDIS_URL, {
          onStateChange: (state, detail) =>
            state === 'lost'
              ? logger.warn({ stage: 'redis', detail }, 'redis connection lost; reconnecting')
              : logger.log({ stage: 'redis' }, 'redis connection restored'),
        });
      },
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.isOpen) await this.redis.quit();
  }
}
