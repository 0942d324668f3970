import type { ApiRoute } from './api-route';
import { DOCUMENT_ROUTES } from './routes/document.routes';
import { LIBRARY_ROUTES } from './routes/library.routes';
import { REINDEX_ROUTES } from './routes/reindex.routes';
import { RETRIEVAL_ROUTES } from './routes/retrieval.routes';
import { SERVICE_ROUTES } from './routes/service.routes';
import { SOURCE_ROUTES } from './routes/source.routes';

/**
 * Every API route, as the OpenAPI document shows it. A new route is one entry in one of these
 * lists (or a new list added here); the e2e contract test fails for a served route missing here.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  ...LIBRARY_ROUTES,
  ...DOCUMENT_ROUTES,
  ...RETRIEVAL_ROUTES,
  ...SERVICE_ROUTES,
  ...SOURCE_ROUTES,
  ...REINDEX_ROUTES,
];
