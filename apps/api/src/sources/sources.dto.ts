import { z } from 'zod';
import { metadataSchema } from '@ragline/events';

const globs = z.array(z.string().min(1).max(512)).min(1).max(100);
/** Printable ASCII: GitLab tokens arrive in a header (Latin-1), GitHub secrets are typed by people. */
const secret = z
  .string()
  .regex(/^[\x21-\x7e]{8,256}$/, 'must be 8-256 printable ASCII characters without spaces');
const branch = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?!-)(?!.*\.\.)[^\s~^:?*[\\]+$/, 'must be a valid git branch name');

export const createSourceBodySchema = z.strictObject({
  kind: z.literal('git'),
  url: z.string().min(1).max(2048),
  branch,
  include: globs.optional(),
  exclude: z.array(z.string().min(1).max(512)).max(100).optional(),
  metadata: metadataSchema.optional(),
  webhookSecret: secret.optional(),
  /** Access token for a private https remote (sealed at rest, never returned). */
  token: z.string().min(1).max(4096).optional(),
  /** Minutes between reconcile sweeps; 0 turns them off (default 60). */
  reconcileMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .optional(),
  /** A sweep deleting more than this share of the source's documents waits for confirmation (default 0.2). */
  deleteGuardShare: z.number().min(0).max(1).optional(),
});

export const patchSourceBodySchema = createSourceBodySchema
  .omit({ kind: true, url: true })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

export const sourceIdSchema = z
  .string()
  .regex(/^s[0-9a-f]{16}$/, 'must be a source id (s + 16 hex)');
export const syncIdSchema = z.uuid('must be a sync id (UUID)');
