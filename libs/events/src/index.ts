export * from './document-event';
export * from './document-id';
export * from './event-status';
export * from './queue-names';
