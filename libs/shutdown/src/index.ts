export * from './graceful-shutdown';
export * from './shutdown-progress.module';
