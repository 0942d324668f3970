export * from './embedder.port';
export * from './create-embedder';
export * from './adapters/hash/hash-embedder.adapter';
export * from './embedders.module';
export * from './embedders.errors';
export * from './adapters/cohere/cohere-embedder.adapter';
export * from './sparse/bm25-sparse-encoder';
export * from './sparse/bm25-tokenizer';
