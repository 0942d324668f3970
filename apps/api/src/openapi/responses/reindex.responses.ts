import { z } from 'zod';
import { REINDEX_STATUSES } from '@ragline/reindex';

const versionSchema = z.object({
  version: z.number().int(),
  embedder: z.object({ key: z.string(), dimensions: z.number().int() }),
  chunking: z.object({ sizeTokens: z.number().int(), overlapTokens: z.number().int() }),
  searchMode: z.enum(['dense', 'sparse', 'hybrid']),
});

const scoresSchema = z.object({ ndcgAt10: z.number(), recallAt10: z.number() });

export const reindexRunSchema = z
  .object({
    id: z.string(),
    library: z.string(),
    status: z.enum(REINDEX_STATUSES),
    swap: z.enum(['auto', 'manual', 'if-not-worse']),
    sources: z.array(z.string()).optional().meta({ description: 'Sources swept as it started.' }),
    from: versionSchema.meta({ description: 'The live version when the run started.' }),
    target: versionSchema.meta({ description: 'The version the run builds.' }),
    counts: z.object({
      scanned: z.number().int(),
      indexed: z.number().int(),
      unchanged: z.number().int().meta({ description: 'Rebuilt from reused vectors only.' }),
      deleted: z.number().int(),
      failed: z.number().int(),
      embedded: z.number().int().meta({ description: 'Texts sent to the embedder.' }),
    }),
    percent: z.number(),
    ratePerSecond: z.number().meta({ description: 'Documents rebuilt per second.' }),
    etaSeconds: z.number().int().nullable(),
    errors: z.array(z.object({ documentId: z.string(), message: z.string() })),
    comparison: z
      .object({
        method: z.enum(['eval-set', 'query-overlap', 'none']),
        queries: z.number().int(),
        live: scoresSchema.optional(),
        candidate: scoresSchema.optional(),
        overlapAt10: z.number().optional(),
        tolerance: z.number(),
        notWorse: z.boolean().optional(),
        summary: z.string(),
      })
      .optional(),
    message: z.string().optional(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    builtAt: z.string().nullable().meta({ description: 'When every batch was done.' }),
    finishedAt: z.string().nullable(),
    swappedAt: z.string().nullable(),
  })
  .meta({ id: 'ReindexRun' });

export const reindexStartedSchema = reindexRunSchema.extend({ reindexId: z.string() });
export const reindexListSchema = z.object({ runs: z.array(reindexRunSchema) });
