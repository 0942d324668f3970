export * from './sync-queue.port';
export * from './job-consumer.port';
export * from './queue.module';
export {
  registerQueueDashboard,
  type QueueDashboardOptions,
} from './adapters/bullmq/queue-dashboard';
