export * from './log-scrubber';
export * from './logger-module';
