import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { IntakeModule, IntakeService } from '@ragline/intake';
import { QueueModule } from '@ragline/queue';
import { REDIS_CLIENT, RedisModule, type RedisClient } from '@ragline/redis';
import { RedisSourceStore } from './adapters/redis/redis-source-store';
import { redisSecretMaterial } from './adapters/redis/redis-secret-material';
import { SECRET_BOX, SecretBox } from './secret-box';
import { SourceService } from './source.service';
import { SOURCE_STORE, type SourceStore } from './source-store.port';
import { SourceSyncService } from './sync/source-sync.service';

/** Document repositories: sources, their syncs, webhooks' verification, sealed secrets. */
@Module({
  imports: [RedisModule, IntakeModule, QueueModule],
  providers: [
    {
      provide: SOURCE_STORE,
      inject: [REDIS_CLIENT, CONFIG],
      useFactory: (redis: RedisClient, config: Config) =>
        new RedisSourceStore(redis, config.RAGLINE_QUEUE_PREFIX),
    },
    {
      provide: SECRET_BOX,
      inject: [REDIS_CLIENT, CONFIG],
      useFactory: async (redis: RedisClient, config: Config) =>
        SecretBox.fromMaterial(
          config.SECRETS_KEY ?? (await redisSecretMaterial(redis, config.RAGLINE_QUEUE_PREFIX)),
        ),
    },
    {
      provide: SourceSyncService,
      inject: [SOURCE_STORE, IntakeService, SECRET_BOX, CONFIG],
      useFactory: (store: SourceStore, intake: IntakeService, secrets: SecretBox, config: Config) =>
        new SourceSyncService({ store, intake, secrets, dataDir: config.DATA_DIR }),
    },
    SourceService,
  ],
  exports: [SourceService, SourceSyncService, SOURCE_STORE],
})
export class SourcesModule {}
