import { z } from 'zod';
import { libraryNameSchema, tenantNameSchema } from '@ragline/events';

export const createLibraryBodySchema = z.strictObject({
  name: libraryNameSchema,
  description: z.string().max(1024).optional(),
  searchMode: z.enum(['dense', 'sparse', 'hybrid']).optional(),
  chunking: z
    .strictObject({
      sizeTokens: z.number().int().min(16).max(8192),
      overlapTokens: z.number().int().min(0).max(4096),
    })
    .refine((c) => c.overlapTokens < c.sizeTokens, {
      message: 'overlapTokens must be smaller than sizeTokens',
      path: ['overlapTokens'],
    })
    .optional(),
  /** Root key only: create the library in another tenant. */
  tenant: tenantNameSchema.optional(),
});
export type CreateLibraryBody = z.infer<typeof createLibraryBodySchema>;
