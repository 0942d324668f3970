import { z } from 'zod';
import { libraryNameSchema, tenantNameSchema } from '@ragline/events';

/** How a library's documents are cut into chunks (tokens of the cl100k tokenizer). */
export const chunkingSchema = z
  .strictObject({
    sizeTokens: z.number().int().min(16).max(8192),
    overlapTokens: z.number().int().min(0).max(4096),
  })
  .refine((c) => c.overlapTokens < c.sizeTokens, {
    message: 'overlapTokens must be smaller than sizeTokens',
    path: ['overlapTokens'],
  });

export const createLibraryBodySchema = z.strictObject({
  name: libraryNameSchema,
  description: z.string().max(1024).optional(),
  searchMode: z.enum(['dense', 'sparse', 'hybrid']).optional(),
  chunking: chunkingSchema.optional(),
  /** Root key only: create the library in another tenant. */
  tenant: tenantNameSchema.optional(),
});
export type CreateLibraryBody = z.infer<typeof createLibraryBodySchema>;
