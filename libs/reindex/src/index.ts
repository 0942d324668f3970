export * from './reindex-run';
export * from './reindex-store.port';
export * from './reindex.service';
export * from './reindex-runner';
export * from './evaluation';
export * from './retrieval-metrics';
export * from './reindex.module';
export { RedisReindexStore } from './adapters/redis/redis-reindex-store';
export * from './query-log.port';
