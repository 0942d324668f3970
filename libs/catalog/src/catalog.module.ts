import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { EmbeddersModule } from '@ragline/embedders';
import { REDIS_CLIENT, RedisModule, type RedisClient } from '@ragline/redis';
import { VectorStoreModule } from '@ragline/vector-store';
import { RedisApiKeyStore } from './adapters/redis/redis-api-key-store';
import { RedisLibraryCatalog } from './adapters/redis/redis-library-catalog';
import { API_KEY_STORE } from './api-key-store.port';
import { LIBRARY_CATALOG } from './library-catalog.port';
import { LibraryProvisioner } from './library-provisioner';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator';

/** Libraries (LIBRARY_CATALOG, LibraryProvisioner) and API keys (API_KEY_STORE). */
@Module({
  imports: [RedisModule, VectorStoreModule, EmbeddersModule],
  providers: [
    {
      provide: LIBRARY_CATALOG,
      inject: [REDIS_CLIENT, CONFIG],
      useFactory: (redis: RedisClient, config: Config) =>
        new RedisLibraryCatalog(redis, config.RAGLINE_QUEUE_PREFIX),
    },
    {
      provide: API_KEY_STORE,
      inject: [REDIS_CLIENT, CONFIG],
      useFactory: (redis: RedisClient, config: Config) =>
        new RedisApiKeyStore(redis, config.RAGLINE_QUEUE_PREFIX),
    },
    LibraryProvisioner,
    ApiKeyAuthenticator,
  ],
  exports: [LIBRARY_CATALOG, API_KEY_STORE, LibraryProvisioner, ApiKeyAuthenticator],
})
export class CatalogModule {}
