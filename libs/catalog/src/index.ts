export * from './library';
export * from './api-key';
export * from './library-catalog.port';
export * from './api-key-store.port';
export * from './catalog.errors';
export * from './library-provisioner';
export * from './catalog.module';
export { RedisLibraryCatalog } from './adapters/redis/redis-library-catalog';
export { RedisApiKeyStore } from './adapters/redis/redis-api-key-store';
