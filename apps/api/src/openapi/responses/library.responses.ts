import { z } from 'zod';
import { SCOPES } from '@ragline/catalog';
import { DocumentStatus } from '@ragline/events';
import { createLibraryBodySchema } from '../../libraries/libraries.dto';

/** A timestamp as the API writes it: `Date#toISOString()`. */
export const isoTime = z.iso.datetime();

const count = z.int().nonnegative();

export const librarySummarySchema = z
  .object({
    name: z.string(),
    tenant: z.string(),
    description: z.string().nullable(),
    status: z.enum(['active', 'deleting']),
    searchMode: createLibraryBodySchema.shape.searchMode.unwrap(),
    chunking: z.object({ sizeTokens: z.int(), overlapTokens: z.int() }),
    embedder: z.object({
      key: z.string().meta({ description: '`kind:model:dimensions`: what queries embed with.' }),
      dimensions: z.int(),
    }),
    version: z.int().meta({ description: 'The live collection version (a reindex adds one).' }),
    reindexing: z.string().optional().meta({ description: 'The reindex building a new version.' }),
    createdAt: isoTime,
  })
  .meta({ id: 'LibrarySummary' });

/** Counts are absent while the library is being deleted. */
export const libraryDetailShape = {
  ...librarySummarySchema.shape,
  documents: z
    .object({
      ...Object.fromEntries(Object.values(DocumentStatus).map((status) => [status, count])),
      total: count,
    })
    .optional(),
  chunks: count.optional(),
  queue: z
    .object({
      waiting: count,
      active: count,
      delayed: count,
      failed: count,
      completed: count,
      oldestWaitingSeconds: z.number().nonnegative(),
      pendingDocuments: count,
    })
    .optional(),
  lastSyncAt: isoTime.nullable().optional(),
  lastChangeAt: isoTime.nullable().optional(),
};

export const libraryDetailSchema = z.object(libraryDetailShape).meta({ id: 'Library' });

export const libraryListSchema = z.object({ libraries: z.array(librarySummarySchema) });

export const libraryDeletionSchema = z
  .object({ name: z.string(), tenant: z.string(), status: z.literal('deleting') })
  .meta({ id: 'LibraryDeletion' });

const apiKeyShape = {
  id: z.string().meta({ description: 'The 12-character key id (`rl_<id>_<secret>`).' }),
  tenant: z.string(),
  name: z.string().optional(),
  scopes: z.array(z.enum(SCOPES)),
  libraries: z.array(z.string()).optional(),
  principals: z.array(z.string()),
  createdAt: isoTime,
};

export const apiKeySchema = z
  .object({ ...apiKeyShape, revokedAt: isoTime.optional() })
  .meta({ id: 'ApiKey' });

export const createdApiKeySchema = z
  .object({
    ...apiKeyShape,
    key: z.string().meta({ description: 'The plain key: shown in this answer only.' }),
  })
  .meta({ id: 'CreatedApiKey' });

export const apiKeyListSchema = z.object({ keys: z.array(apiKeySchema) });
