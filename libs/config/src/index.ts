export * from './config';
export * from './config-variables';
export * from './config.module';
