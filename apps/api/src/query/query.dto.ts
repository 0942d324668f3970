import { z } from 'zod';
import {
  LIMITS,
  boundedRecord,
  principalsSchema,
  documentIdSchema,
  metadataKeySchema,
  metadataValueSchema,
} from '@ragline/events';

/**
 * A range bound: a number, or an ISO 8601 date (`2024-05-01`) / date-time with offset
 * (`2024-05-01T12:00:00Z`), compared as epoch milliseconds. Dates in metadata must therefore be
 * stored as epoch-ms numbers for date ranges to match.
 */
const bound = z.union([
  z.number(),
  z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((iso) => Date.parse(iso)),
]);

const rangeSchema = z
  .strictObject({
    gt: bound.optional(),
    gte: bound.optional(),
    lt: bound.optional(),
    lte: bound.optional(),
  })
  .refine(
    (range) => Object.keys(range).length > 0,
    'a range needs at least one of gt, gte, lt, lte',
  );

const conditionSchema = z.union([
  metadataValueSchema,
  z.strictObject({ anyOf: z.array(metadataValueSchema).min(1).max(LIMITS.anyOfValues) }),
  rangeSchema,
]);

/** Metadata equality, `anyOf`, numeric and date ranges; documentId and source equality. ANDed. */
export const filterSchema = z.strictObject({
  metadata: boundedRecord(
    metadataKeySchema,
    conditionSchema,
    LIMITS.filterConditions,
    'conditions',
  ).optional(),
  documentId: documentIdSchema.optional(),
  source: z.string().min(1).max(128).optional(),
});

export const queryTextSchema = z
  .string()
  .max(LIMITS.queryChars)
  .refine((query) => query.trim().length > 0, 'must contain non-whitespace text');

/** Fields shared by /v1/query and /v1/augment: what to retrieve and how. */
export const retrievalFields = {
  query: queryTextSchema,
  topK: z.number().int().min(1).max(LIMITS.topK).default(5),
  mode: z.enum(['dense', 'sparse', 'hybrid']).optional(),
  filter: filterSchema.optional(),
  /** Scores are mode-specific (see docs/retrieval.md): a threshold fits one mode only. */
  scoreThreshold: z.number().finite().optional(),
  rerank: z.boolean().default(false),
  /** Read as these principals (keys with `query:on-behalf`): see docs/decisions/0003. */
  principals: principalsSchema.optional(),
};

export const queryBodySchema = z.strictObject({
  ...retrievalFields,
  /** Read-your-writes: answer only once these events are applied. */
  consistency: z
    .strictObject({
      afterEvents: z.array(z.uuid('must be event ids (UUIDs)')).min(1).max(LIMITS.afterEvents),
      timeoutMs: z.number().int().min(1).max(60_000).default(10_000),
    })
    .optional(),
});
export type QueryBody = z.infer<typeof queryBodySchema>;
