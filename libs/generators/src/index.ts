export * from './generator.port';
export * from './generators.errors';
export * from './generators.module';
export * from './create-generator';
export * from './citation-markers';
export * from './upstream-failure';
export * from './adapters/cohere/cohere-generator.adapter';
export * from './adapters/openai-compatible/openai-compatible-generator.adapter';
