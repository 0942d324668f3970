export * from './document-sync.service';
export * from './stopwatch';
export * from './embedding-cache.port';
export * from './ingestion.module';
export { RedisEmbeddingCache } from './adapters/redis/redis-embedding-cache';
export * from './build-tracker.port';
export * from './chunk-points';
export { RedisBuildTracker } from './adapters/redis/redis-build-tracker';
