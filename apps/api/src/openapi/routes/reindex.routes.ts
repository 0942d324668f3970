import { z } from 'zod';
import { ErrorCode } from '@ragline/errors';
import { idempotencyKeySchema } from '../../documents/documents.dto';
import {
  listReindexQuerySchema,
  reindexIdSchema,
  startReindexBodySchema,
} from '../../reindex/reindex.dto';
import type { ApiRoute } from '../api-route';
import {
  reindexListSchema,
  reindexRunSchema,
  reindexStartedSchema,
} from '../responses/reindex.responses';

const RUN = '/v1/libraries/:library/reindex/:id';
const runParams = z.object({ id: reindexIdSchema });
const runErrors = [ErrorCode.ReindexNotFound];

const decision = (
  path: 'cancel' | 'swap' | 'rollback',
  summary: string,
  description: string,
): ApiRoute => ({
  method: 'post',
  paths: [`${RUN}/${path}`],
  operationId: `${path}Reindex`,
  tag: 'reindex',
  summary,
  description,
  access: ['admin'],
  params: runParams,
  success: { status: 200, description: 'The run.', schema: reindexRunSchema },
  errors: [...runErrors, ErrorCode.Conflict, ErrorCode.ReindexRunning],
});

/** ReindexController. */
export const REINDEX_ROUTES: readonly ApiRoute[] = [
  {
    method: 'post',
    paths: ['/v1/libraries/:library/reindex'],
    operationId: 'startReindex',
    tag: 'reindex',
    summary: 'Rebuild the library into a new version, then swap (chunking, embedder, search mode)',
    description:
      'One run per library at a time (409 names the active one). Live changes keep flowing to the live version and to the new one; queries keep reading the live one until the swap.',
    access: ['admin'],
    headers: z.object({
      'idempotency-key': idempotencyKeySchema.meta({
        description: 'A retry with the same key and body returns the first run.',
      }),
    }),
    body: startReindexBodySchema,
    success: { status: 202, description: 'The run, queued.', schema: reindexStartedSchema },
    errors: [
      ErrorCode.ReindexRunning,
      ErrorCode.IdempotencyKeyReused,
      ErrorCode.FeatureNotConfigured,
      ErrorCode.EmbedderMismatch,
      ErrorCode.QueueUnavailable,
      ErrorCode.SourceNotFound,
    ],
  },
  {
    method: 'get',
    paths: ['/v1/libraries/:library/reindex'],
    operationId: 'listReindex',
    tag: 'reindex',
    summary: 'The library’s recent reindex runs, newest first',
    access: ['query', 'ingest'],
    query: listReindexQuerySchema,
    success: { status: 200, description: 'Runs.', schema: reindexListSchema },
  },
  {
    method: 'get',
    paths: [RUN],
    operationId: 'getReindex',
    tag: 'reindex',
    summary: 'One run: status, counts, percent, rate, ETA, first errors, the comparison',
    access: ['query', 'ingest'],
    params: runParams,
    success: { status: 200, description: 'The run.', schema: reindexRunSchema },
    errors: runErrors,
  },
  {
    method: 'get',
    paths: [`${RUN}/events`],
    operationId: 'streamReindex',
    tag: 'reindex',
    summary: 'A run’s progress as server-sent events (`reindex`), until it is final',
    access: ['query', 'ingest'],
    params: runParams,
    success: {
      status: 200,
      description: '`event: reindex` with the run as JSON, on every change.',
      schema: z.string(),
      contentType: 'text/event-stream',
      alternatives: {
        'text/event-stream': {
          schema: z.string().meta({ description: 'Server-sent events: `reindex` with the run.' }),
          'x-sse-events': { reindex: { $ref: '#/components/schemas/ReindexRun' } },
        },
      },
    },
    errors: runErrors,
  },
  decision(
    'cancel',
    'Stop a run before its swap',
    'The live version is untouched; the partial version is dropped.',
  ),
  decision(
    'swap',
    'Make a `ready` run’s version live',
    'For `manual` runs, and `if-not-worse` runs whose check did not pass, when a person decides.',
  ),
  decision(
    'rollback',
    'Go back to the version a completed run replaced',
    'Possible while the previous version is kept (REINDEX_KEEP_VERSIONS=1) and until the next run swaps; the rolled-back version is dropped.',
  ),
];
