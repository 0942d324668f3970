export * from './chunker';
export * from './token-counter';
export * from './markdown';
