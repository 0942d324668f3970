export * from './document-registry';
export * from './registry-keys';
export * from './registry.types';
export * from './registry.module';
export * from './event-waiter';
export * from './registry.errors';
