export * from './adapters/redis-connections';
export * from './adapters/lua-script';
export * from './adapters/redis-operation';
export * from './redis.errors';
export * from './redis.module';
export * from './adapters/redis-settings-reader';
export * from './redis-settings';
