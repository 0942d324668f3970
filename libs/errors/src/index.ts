export * from './error-code';
export * from './ragline.error';
export * from './exit-on-startup-error';
