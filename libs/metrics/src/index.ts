export * from './metrics.port';
export * from './metrics.module';
