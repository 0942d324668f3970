import { z } from 'zod';
import { ErrorCode } from '@ragline/errors';
import { augmentBodySchema } from '../../augment/augment.dto';
import { queryBodySchema } from '../../query/query.dto';
import type { ApiRoute } from '../api-route';
import { augmentAnswerSchema, queryAnswerSchema } from '../responses/retrieval.responses';

/** What retrieving can answer: the store, the embedder, the optional reranker. */
const RETRIEVAL_ERRORS = [
  ErrorCode.FeatureNotConfigured,
  ErrorCode.EmbedderMismatch,
  ErrorCode.StoreUnavailable,
  ErrorCode.StoreCollectionMissing,
  ErrorCode.StoreRequestRejected,
  ErrorCode.EmbedderUnavailable,
  ErrorCode.EmbedderRateLimited,
  ErrorCode.EmbedderAuthFailed,
  ErrorCode.EmbedderBadResponse,
  ErrorCode.RerankerUnavailable,
  ErrorCode.RerankerRateLimited,
];

/** QueryController and AugmentController. */
export const RETRIEVAL_ROUTES: readonly ApiRoute[] = [
  {
    method: 'post',
    paths: ['/v1/libraries/:library/query', '/v1/query'],
    operationId: 'query',
    tag: 'retrieval',
    summary: 'The nearest passages the caller may read, best first',
    description:
      'With `consistency.afterEvents`, answers once those events are final (504 `CONSISTENCY_TIMEOUT` otherwise). Naming `principals` needs the `query:on-behalf` scope.',
    access: ['query'],
    body: queryBodySchema,
    success: { status: 200, description: 'Results.', schema: queryAnswerSchema },
    errors: [...RETRIEVAL_ERRORS, ErrorCode.EventNotFound, ErrorCode.ConsistencyTimeout],
  },
  {
    method: 'post',
    paths: ['/v1/libraries/:library/augment', '/v1/augment'],
    operationId: 'augment',
    tag: 'retrieval',
    summary: 'A prompt with numbered context blocks, and optionally the model’s answer',
    description:
      'JSON by default. With `stream: true` the answer comes as server-sent events (`text/event-stream`): `context` (AugmentStreamContext), `delta` (AugmentStreamDelta) per piece, then `done` (AugmentStreamDone), or `error` (ErrorBody) if the generator fails mid-answer. Errors before the first event are plain JSON errors. See docs/retrieval.md.',
    access: ['query'],
    body: augmentBodySchema,
    success: {
      status: 200,
      description: 'The prompt (and with `generate`, the answer).',
      schema: augmentAnswerSchema,
      alternatives: {
        'text/event-stream': {
          schema: z.string().meta({ description: 'Server-sent events; see the description.' }),
          'x-sse-events': {
            context: { $ref: '#/components/schemas/AugmentStreamContext' },
            delta: { $ref: '#/components/schemas/AugmentStreamDelta' },
            done: { $ref: '#/components/schemas/AugmentStreamDone' },
            error: { $ref: '#/components/schemas/ErrorBody' },
          },
        },
      },
    },
    errors: [
      ...RETRIEVAL_ERRORS,
      ErrorCode.GeneratorUnavailable,
      ErrorCode.GeneratorRateLimited,
      ErrorCode.GeneratorBadResponse,
    ],
  },
];
