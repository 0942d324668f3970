export * from './document-change';
export * from './document-id';
export * from './event-status';
export * from './queue-names';
export * from './limits';
export * from './bounded-record';
export * from './library-ref';
export * from './access';
