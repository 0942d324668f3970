export * from './point-id';
export * from './vector-store.errors';
export * from './vector-store.port';
export * from './adapters/embedded/lancedb-vector-store.adapter';
