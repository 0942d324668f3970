export * from './point-id';
export * from './vector-store.errors';
export * from './vector-store.port';
