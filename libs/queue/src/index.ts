export * from './job-options';
export * from './redis-connections';
export * from './queue.module';
