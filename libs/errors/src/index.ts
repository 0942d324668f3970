export * from './error-code';
export * from './ragline.error';
