import { z } from 'zod';
import { ErrorCode } from '@ragline/errors';
import {
  createSourceBodySchema,
  patchSourceBodySchema,
  sourceIdSchema,
  syncIdSchema,
} from '../../sources/sources.dto';
import type { ApiRoute } from '../api-route';
import {
  sourceDeletionSchema,
  sourceListSchema,
  sourceSchema,
  syncRunListSchema,
  syncRunSchema,
  webhookAnswerSchema,
} from '../responses/source.responses';

const SOURCE = '/v1/libraries/:library/sources/:id';
const sourceParams = z.object({ id: sourceIdSchema });
const runParams = z.object({ id: sourceIdSchema, syncId: syncIdSchema });
const sourceErrors = [ErrorCode.SourceNotFound];

/** SourcesController, WebhooksController and the metrics endpoint. */
export const SOURCE_ROUTES: readonly ApiRoute[] = [
  {
    method: 'post',
    paths: ['/v1/libraries/:library/sources'],
    operationId: 'createSource',
    tag: 'sources',
    summary: 'Connect a git repository to the library',
    description:
      'Secrets (`webhookSecret`, `token`) are sealed at rest and never returned. The first sync starts at once.',
    access: ['admin'],
    body: createSourceBodySchema,
    success: { status: 201, description: 'The source.', schema: sourceSchema },
    errors: [ErrorCode.QueueUnavailable],
  },
  {
    method: 'get',
    paths: ['/v1/libraries/:library/sources'],
    operationId: 'listSources',
    tag: 'sources',
    summary: 'The library’s sources, each with its last sync',
    access: ['query', 'ingest'],
    success: { status: 200, description: 'Sources.', schema: sourceListSchema },
  },
  {
    method: 'get',
    paths: [SOURCE],
    operationId: 'getSource',
    tag: 'sources',
    summary: 'One source',
    access: ['query', 'ingest'],
    params: sourceParams,
    success: { status: 200, description: 'The source.', schema: sourceSchema },
    errors: sourceErrors,
  },
  {
    method: 'patch',
    paths: [SOURCE],
    operationId: 'updateSource',
    tag: 'sources',
    summary: 'Change a source (a change of branch, globs or metadata sweeps it)',
    access: ['admin'],
    params: sourceParams,
    body: patchSourceBodySchema,
    success: { status: 200, description: 'The source.', schema: sourceSchema },
    errors: sourceErrors,
  },
  {
    method: 'delete',
    paths: [SOURCE],
    operationId: 'deleteSource',
    tag: 'sources',
    summary: 'Remove a source; its documents become tombstones (asynchronously)',
    access: ['admin'],
    params: sourceParams,
    success: { status: 202, description: 'Removal started.', schema: sourceDeletionSchema },
    errors: sourceErrors,
  },
  {
    method: 'post',
    paths: [`${SOURCE}/sync`],
    operationId: 'syncSource',
    tag: 'sources',
    summary: 'Sweep the source now (list the head, apply upserts and deletes)',
    access: ['ingest'],
    params: sourceParams,
    success: { status: 202, description: 'The queued sync.', schema: syncRunSchema },
    errors: sourceErrors,
  },
  {
    method: 'get',
    paths: [`${SOURCE}/syncs`],
    operationId: 'listSyncs',
    tag: 'sources',
    summary: 'Recent syncs of a source, newest first',
    access: ['query', 'ingest'],
    params: sourceParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }),
    success: { status: 200, description: 'Syncs.', schema: syncRunListSchema },
    errors: sourceErrors,
  },
  {
    method: 'get',
    paths: [`${SOURCE}/syncs/:syncId`],
    operationId: 'getSync',
    tag: 'sources',
    summary: 'One sync: status, commit range, counts, dry run',
    access: ['query', 'ingest'],
    params: runParams,
    success: { status: 200, description: 'The sync.', schema: syncRunSchema },
    errors: [...sourceErrors, ErrorCode.SyncNotFound],
  },
  {
    method: 'post',
    paths: [`${SOURCE}/syncs/:syncId/confirm`],
    operationId: 'confirmSync',
    tag: 'sources',
    summary: 'Apply a sweep the delete guard stopped',
    access: ['admin'],
    params: runParams,
    success: { status: 202, description: 'The sync, queued again.', schema: syncRunSchema },
    errors: [...sourceErrors, ErrorCode.SyncNotFound, ErrorCode.Conflict],
  },
  {
    method: 'get',
    paths: [`${SOURCE}/syncs/:syncId/events`],
    operationId: 'streamSync',
    tag: 'sources',
    summary: 'A sync’s progress as server-sent events (`sync`), until it is final',
    access: ['query', 'ingest'],
    params: runParams,
    success: {
      status: 200,
      description: '`event: sync` with the run as JSON, on every change.',
      schema: z.string(),
      contentType: 'text/event-stream',
      alternatives: {
        'text/event-stream': {
          schema: z.string().meta({ description: 'Server-sent events: `sync` with the run.' }),
          'x-sse-events': { sync: { $ref: '#/components/schemas/SyncRun' } },
        },
      },
    },
    errors: [...sourceErrors, ErrorCode.SyncNotFound],
  },
  ...(['github', 'gitlab'] as const).map((forge): ApiRoute => ({
    method: 'post',
    paths: [`/v1/webhooks/${forge}/:sourceId`],
    operationId: `${forge}Webhook`,
    tag: 'webhooks',
    summary: `${forge === 'github' ? 'GitHub' : 'GitLab'} push webhook`,
    description:
      forge === 'github'
        ? 'Verified with `X-Hub-Signature-256` over the raw body; `X-GitHub-Delivery` deduplicates. Events other than push and pings are ignored (202).'
        : 'Verified with `X-Gitlab-Token`; `X-Gitlab-Event-UUID` (or `Idempotency-Key`) deduplicates.',
    access: 'public',
    params: z.object({ sourceId: sourceIdSchema }),
    body: z.looseObject({}),
    success: { status: 202, description: 'What the delivery led to.', schema: webhookAnswerSchema },
    errors: [ErrorCode.Unauthorized, ErrorCode.SourceNotFound],
  })),
  {
    method: 'get',
    paths: ['/metrics'],
    operationId: 'metrics',
    tag: 'service',
    summary: 'Prometheus metrics of this process (`ragline_*`)',
    access: ['metrics'],
    success: {
      status: 200,
      description: 'The text exposition format.',
      schema: z.string(),
      contentType: 'text/plain; version=0.0.4',
    },
  },
];
