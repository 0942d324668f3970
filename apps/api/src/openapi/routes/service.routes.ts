import { ErrorCode } from '@ragline/errors';
import type { ApiRoute } from '../api-route';
import {
  healthSchema,
  openApiDocumentSchema,
  readinessSchema,
  statusSchema,
} from '../responses/service.responses';

/** StatusController, HealthController, and this document. */
export const SERVICE_ROUTES: readonly ApiRoute[] = [
  {
    method: 'get',
    paths: ['/v1/status'],
    operationId: 'getStatus',
    tag: 'service',
    summary: 'The `default` library at a glance, and which optional features are on',
    access: ['query', 'ingest'],
    success: { status: 200, description: 'Status.', schema: statusSchema },
    // It reads the caller's `default` library, as the /v1/... routes do.
    errors: [ErrorCode.LibraryNotFound, ErrorCode.Forbidden, ErrorCode.StoreUnavailable],
  },
  {
    method: 'get',
    paths: ['/health'],
    operationId: 'health',
    tag: 'service',
    summary: 'Liveness: the process answers',
    access: 'public',
    rateLimited: false,
    success: { status: 200, description: 'Alive.', schema: healthSchema },
  },
  {
    method: 'get',
    paths: ['/ready'],
    operationId: 'ready',
    tag: 'service',
    summary: 'Readiness: Redis, the queue and the store answer in time',
    description: 'A 503 `NOT_READY` names what does not answer, in `details.checks`.',
    access: 'public',
    rateLimited: false,
    success: { status: 200, description: 'Ready.', schema: readinessSchema },
    errors: [ErrorCode.NotReady],
  },
  {
    method: 'get',
    paths: ['/openapi.json'],
    operationId: 'openApiDocument',
    tag: 'service',
    summary: 'This document; the same, browsable, at /docs',
    access: 'public',
    success: { status: 200, description: 'OpenAPI 3.1.', schema: openApiDocumentSchema },
  },
];
