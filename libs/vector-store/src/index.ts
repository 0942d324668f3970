export * from './point-id';
export * from './vector-store.errors';
export * from './vector-store.port';
export * from './create-vector-store';
export * from './vector-store.module';
export * from './adapters/embedded/lancedb-vector-store.adapter';
export * from './adapters/qdrant/qdrant-options';
export * from './adapters/qdrant/qdrant-vector-store.adapter';
