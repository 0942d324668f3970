import { z } from 'zod';

const countsSchema = z.object({
  scanned: z.number().int(),
  added: z.number().int(),
  modified: z.number().int(),
  deleted: z.number().int(),
  renamed: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int().meta({ description: 'Binary files the globs matched.' }),
});

export const syncRunSchema = z
  .object({
    id: z.string(),
    sourceId: z.string(),
    trigger: z.enum(['created', 'push', 'reconcile', 'manual', 'confirm', 'updated', 'reindex']),
    status: z.enum(['queued', 'running', 'completed', 'failed', 'needs-confirmation']),
    requested: z
      .object({
        before: z.string().optional(),
        after: z.string().optional(),
        deliveryId: z.string().optional(),
      })
      .optional(),
    fromCommit: z.string().optional(),
    toCommit: z.string().optional(),
    mode: z.enum(['diff', 'scan']).optional(),
    counts: countsSchema,
    error: z.string().optional(),
    failures: z.array(z.object({ path: z.string(), reason: z.string() })),
    plan: z
      .object({
        upserts: z.number().int(),
        deletes: z.number().int(),
        known: z.number().int(),
        samplePaths: z.object({ upserts: z.array(z.string()), deletes: z.array(z.string()) }),
      })
      .optional()
      .meta({ description: 'The dry run of a sweep the delete guard stopped.' }),
    coalescedInto: z.string().optional(),
    createdAt: z.number(),
    startedAt: z.number().optional(),
    finishedAt: z.number().optional(),
  })
  .meta({ id: 'SyncRun' });

export const sourceSchema = z
  .object({
    id: z.string(),
    tenant: z.string(),
    library: z.string(),
    kind: z.literal('git'),
    url: z.string().meta({ description: 'Without credentials.' }),
    branch: z.string(),
    include: z.array(z.string()),
    exclude: z.array(z.string()),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    provider: z.enum(['github', 'gitlab', 'git']),
    reconcileMinutes: z.number().int(),
    deleteGuardShare: z.number(),
    status: z.enum(['active', 'deleting']),
    createdAt: z.number(),
    hasWebhookSecret: z.boolean(),
    hasToken: z.boolean(),
    lastSync: syncRunSchema.optional(),
  })
  .meta({ id: 'Source' });

export const sourceListSchema = z.object({ sources: z.array(sourceSchema) });
export const syncRunListSchema = z.object({ syncs: z.array(syncRunSchema) });
export const sourceDeletionSchema = z.object({ id: z.string(), status: z.literal('deleting') });

export const webhookAnswerSchema = z
  .object({
    status: z.enum(['queued', 'duplicate', 'ignored', 'pong']),
    source: z.string().optional(),
    syncId: z.string().optional(),
    deliveryId: z.string().optional(),
    reason: z.string().optional(),
    detail: z.string().optional(),
    zen: z.string().nullable().optional(),
  })
  .meta({ id: 'WebhookAnswer' });
