import { z } from 'zod';
import { metadataKeySchema, metadataValueSchema } from '@ragline/events';

const rangeSchema = z
  .strictObject({
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
  })
  .refine(
    (range) => Object.keys(range).length > 0,
    'a range needs at least one of gt, gte, lt, lte',
  );

const conditionSchema = z.union([
  metadataValueSchema,
  z.strictObject({ anyOf: z.array(metadataValueSchema).min(1).max(100) }),
  rangeSchema,
]);

export const queryBodySchema = z.strictObject({
  query: z
    .string()
    .max(8192)
    .refine((query) => query.trim().length > 0, 'must contain non-whitespace text'),
  topK: z.number().int().min(1).max(100).default(5),
  mode: z.enum(['dense', 'sparse', 'hybrid']).optional(),
  /** Read-your-writes: answer only once these events are applied. */
  consistency: z
    .strictObject({
      afterEvents: z.array(z.uuid('must be event ids (UUIDs)')).min(1).max(100),
      timeoutMs: z.number().int().min(1).max(60_000).default(10_000),
    })
    .optional(),
  filter: z
    .strictObject({
      metadata: z.record(metadataKeySchema, conditionSchema).optional(),
      documentId: z.string().min(1).optional(),
      source: z.string().min(1).optional(),
    })
    .optional(),
});
export type QueryBody = z.infer<typeof queryBodySchema>;
