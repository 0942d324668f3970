export * from './registry.port';
export * from './registry.types';
export * from './registry.errors';
export * from './registry.module';
export { RedisDocumentRegistry } from './adapters/redis/redis-document-registry';
export { RedisEventWaiter } from './adapters/redis/redis-event-waiter';
