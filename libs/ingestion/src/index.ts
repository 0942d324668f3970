export * from './document-sync.service';
export * from './ingestion.module';
export * from './library';
export * from './embedding-cache';
