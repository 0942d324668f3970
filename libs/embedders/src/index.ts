export * from './embedder.port';
export * from './create-embedder';
export * from './adapters/hash/hash-embedder.adapter';
export * from './embedders.module';
