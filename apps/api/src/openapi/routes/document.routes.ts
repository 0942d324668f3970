import { z } from 'zod';
import { ErrorCode } from '@ragline/errors';
import {
  documentIdParamSchema,
  idempotencyKeySchema,
  listDocumentsQuerySchema,
  upsertDocumentBodySchema,
} from '../../documents/documents.dto';
import type { ApiRoute } from '../api-route';
import {
  acceptedChangeSchema,
  documentListSchema,
  documentSchema,
  eventSchema,
} from '../responses/document.responses';

const documentParams = z.object({
  id: documentIdParamSchema.meta({ description: 'URL-encode `/` as %2F and `%` as %25.' }),
});

const idempotencyHeader = z.object({
  'idempotency-key': idempotencyKeySchema.meta({
    description: 'A retry with the same key returns the first `eventId` and enqueues nothing new.',
  }),
});

/** The codes of accepting a change (PUT and DELETE). */
const INTAKE_ERRORS = [
  ErrorCode.IdempotencyKeyReused,
  ErrorCode.LibraryDeleting,
  ErrorCode.Backpressure,
  ErrorCode.QueueUnavailable,
];

/**
 * DELETE's `?version=` is read by the controller's own parser (parseVersion in
 * documents.controller.ts), not a zod schema: this mirrors it.
 */
const deleteQuery = z.object({ version: z.string().regex(/^\d+$/).optional() });

/**
 * EventsController's `eventIdSchema` is private to the controller: this mirrors it (z.uuid).
 * Moving it to an events.dto.ts would let this import it.
 */
const eventParams = z.object({ eventId: z.uuid() });

/** DocumentsController and EventsController: each also serves the `default` library at /v1/... */
export const DOCUMENT_ROUTES: readonly ApiRoute[] = [
  {
    method: 'put',
    paths: ['/v1/libraries/:library/documents/:id', '/v1/documents/:id'],
    operationId: 'upsertDocument',
    tag: 'documents',
    summary: 'Create or replace a document',
    description:
      'Answers once the change is durable in Redis and its job queued. A `version` equal to or older than one accepted before answers `superseded` and changes nothing.',
    access: ['ingest'],
    params: documentParams,
    headers: idempotencyHeader,
    body: upsertDocumentBodySchema,
    success: { status: 202, description: 'Accepted.', schema: acceptedChangeSchema },
    errors: INTAKE_ERRORS,
  },
  {
    method: 'delete',
    paths: ['/v1/libraries/:library/documents/:id', '/v1/documents/:id'],
    operationId: 'deleteDocument',
    tag: 'documents',
    summary: 'Delete a document (a versioned tombstone)',
    description: 'An older upsert arriving later cannot resurrect it.',
    access: ['ingest'],
    params: documentParams,
    query: deleteQuery,
    headers: idempotencyHeader,
    success: { status: 202, description: 'Accepted.', schema: acceptedChangeSchema },
    errors: INTAKE_ERRORS,
  },
  {
    method: 'get',
    paths: ['/v1/libraries/:library/documents/:id', '/v1/documents/:id'],
    operationId: 'getDocument',
    tag: 'documents',
    summary: 'A document’s state',
    access: ['query'],
    params: documentParams,
    success: { status: 200, description: 'The document.', schema: documentSchema },
    errors: [ErrorCode.DocumentNotFound],
  },
  {
    method: 'get',
    paths: ['/v1/libraries/:library/documents', '/v1/documents'],
    operationId: 'listDocuments',
    tag: 'documents',
    summary: 'List documents in id order',
    access: ['query'],
    query: listDocumentsQuerySchema,
    success: { status: 200, description: 'One page.', schema: documentListSchema },
  },
  {
    method: 'get',
    paths: ['/v1/libraries/:library/events/:eventId', '/v1/events/:eventId'],
    operationId: 'getEvent',
    tag: 'events',
    summary: 'What became of an accepted change',
    access: ['ingest', 'query'],
    params: eventParams,
    success: { status: 200, description: 'The event.', schema: eventSchema },
    errors: [ErrorCode.EventNotFound],
  },
];
