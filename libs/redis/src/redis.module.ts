import {
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { createRedisClient, type RedisClient } from './adapters/redis-connections';
import { readRedisSettings } from './adapters/redis-settings-reader';
import { redisSettingsWarnings, uncheckedRedisSettings } from './redis-settings';

/** The process's node-redis connection (registry, catalog, keys, embedding cache). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * One node-redis connection per process, shared by every lib that keeps state in Redis; it logs
 * losing and regaining the connection once each and is closed last, at shutdown. At start it
 * checks the server's settings once: one warning line per setting that risks Ragline's data.
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
export class RedisModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('redis');

  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  async onApplicationBootstrap(): Promise<void> {
    const settings = await readRedisSettings(this.redis);
    for (const { setting, message } of redisSettingsWarnings(settings)) {
      this.logger.warn({ stage: 'redis-settings', setting }, message);
    }
    const unchecked = uncheckedRedisSettings(settings);
    if (unchecked.length > 0) {
      this.logger.log(
        { stage: 'redis-settings', unchecked },
        `could not read ${unchecked.join(', ')} from Redis (CONFIG disabled or denied?): not checked`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.isOpen) await this.redis.quit();
  }
}
