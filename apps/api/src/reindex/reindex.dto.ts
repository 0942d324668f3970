import { z } from 'zod';
import { LIMITS } from '@ragline/events';
import { chunkingSchema } from '../libraries/libraries.dto';
import { sourceIdSchema } from '../sources/sources.dto';

const embedderSchema = z.strictObject({
  kind: z.enum(['hash', 'local', 'cohere', 'transformers']),
  /** Cohere's model (COHERE_EMBED_MODEL by default). */
  model: z.string().min(1).max(128).optional(),
  /** The hash embedder's vector size (EMBEDDING_DIMENSIONS by default). */
  dimensions: z.number().int().min(8).max(4096).optional(),
});

const evalQuerySchema = z.strictObject({
  query: z.string().trim().min(1).max(LIMITS.queryChars),
  relevant: z.array(z.string().min(1).max(2048)).min(1).max(100),
});

export const startReindexBodySchema = z.strictObject({
  embedder: embedderSchema.optional().meta({
    description: 'The new version’s embedder (a model migration); the live one’s by default.',
  }),
  chunking: chunkingSchema.optional(),
  searchMode: z.enum(['dense', 'sparse', 'hybrid']).optional(),
  swap: z.enum(['auto', 'manual', 'if-not-worse']).default('auto').meta({
    description:
      '`auto`: swap once built. `manual`: stop at `ready` for POST .../swap. `if-not-worse`: swap only if nDCG@10 and Recall@10 on `evalSet` are not lower (within `tolerance`), else stop at `ready`.',
  }),
  evalSet: z.array(evalQuerySchema).min(1).max(500).optional().meta({
    description: 'Queries with the ids of the documents that answer them, for `if-not-worse`.',
  }),
  sources: z.array(sourceIdSchema).min(1).max(100).optional().meta({
    description:
      'Sources to sweep against their branch head as the run starts, so the new version also reflects what the repositories hold now (changes a lost webhook missed).',
  }),
  tolerance: z.number().min(0).max(1).optional().meta({
    description: 'How much lower the new version may score and still swap (default 0).',
  }),
});
export type StartReindexBody = z.infer<typeof startReindexBodySchema>;

export const reindexIdSchema = z
  .string()
  .regex(/^r[0-9a-f]{16}$/, 'must be a reindex id (r + 16 hex)');

export const listReindexQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
