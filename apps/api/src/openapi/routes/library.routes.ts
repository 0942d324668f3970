import { z } from 'zod';
import { ErrorCode } from '@ragline/errors';
import { createKeyBodySchema, keyIdSchema, listKeysQuerySchema } from '../../keys/keys.dto';
import { createLibraryBodySchema } from '../../libraries/libraries.dto';
import type { ApiRoute } from '../api-route';
import {
  apiKeyListSchema,
  apiKeySchema,
  createdApiKeySchema,
  libraryDeletionSchema,
  libraryDetailSchema,
  libraryListSchema,
} from '../responses/library.responses';

/** LibrariesController and KeysController. */
export const LIBRARY_ROUTES: readonly ApiRoute[] = [
  {
    method: 'post',
    paths: ['/v1/libraries'],
    operationId: 'createLibrary',
    tag: 'libraries',
    summary: 'Create a library',
    description:
      'In the key’s tenant; the root key (RAGLINE_ADMIN_KEY) may name another `tenant`. Search mode and chunking default to the deployment’s.',
    access: ['admin'],
    body: createLibraryBodySchema,
    success: { status: 201, description: 'The new library.', schema: libraryDetailSchema },
    errors: [
      ErrorCode.LibraryExists,
      ErrorCode.LibraryDeleting,
      ErrorCode.StoreUnavailable,
      ErrorCode.StoreRequestRejected,
    ],
  },
  {
    method: 'get',
    paths: ['/v1/libraries'],
    operationId: 'listLibraries',
    tag: 'libraries',
    summary: 'List the libraries of the key’s tenant (those the key may use)',
    access: ['query', 'ingest'],
    success: { status: 200, description: 'Library summaries.', schema: libraryListSchema },
  },
  {
    method: 'get',
    paths: ['/v1/libraries/:library'],
    operationId: 'getLibrary',
    tag: 'libraries',
    summary: 'A library with its document counts, chunks and queue',
    access: ['query', 'ingest'],
    success: { status: 200, description: 'The library.', schema: libraryDetailSchema },
    errors: [ErrorCode.StoreUnavailable],
  },
  {
    method: 'delete',
    paths: ['/v1/libraries/:library'],
    operationId: 'deleteLibrary',
    tag: 'libraries',
    summary: 'Delete a library (asynchronously)',
    description:
      'Answers at once; a worker then removes its documents, chunks, events and its name from keys, and only then frees the name. Meanwhile intake answers 409 `LIBRARY_DELETING`.',
    access: ['admin'],
    success: { status: 202, description: 'Deletion started.', schema: libraryDeletionSchema },
    errors: [ErrorCode.QueueUnavailable],
  },
  {
    method: 'post',
    paths: ['/v1/keys'],
    operationId: 'createKey',
    tag: 'keys',
    summary: 'Create an API key',
    description:
      'For the admin key’s tenant (the root key: any `tenant`). A key restricted to libraries creates keys for those libraries only.',
    access: ['admin'],
    body: createKeyBodySchema,
    success: { status: 201, description: 'The key, with its secret.', schema: createdApiKeySchema },
  },
  {
    method: 'get',
    paths: ['/v1/keys'],
    operationId: 'listKeys',
    tag: 'keys',
    summary: 'List API keys (never their secrets)',
    access: ['admin'],
    query: listKeysQuerySchema,
    success: { status: 200, description: 'Keys, revoked ones too.', schema: apiKeyListSchema },
  },
  {
    method: 'delete',
    paths: ['/v1/keys/:id'],
    operationId: 'revokeKey',
    tag: 'keys',
    summary: 'Revoke an API key',
    description: 'Every API process refuses it within a second (KEY_CACHE_MS).',
    access: ['admin'],
    params: z.object({ id: keyIdSchema }),
    success: { status: 200, description: 'The revoked key.', schema: apiKeySchema },
    errors: [ErrorCode.ApiKeyNotFound],
  },
];
