export * from './retrieval.service';
