export * from './sync-queue.port';
export * from './job-consumer.port';
export * from './queue.module';
