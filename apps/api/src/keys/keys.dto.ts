import { z } from 'zod';
import { SCOPES } from '@ragline/catalog';
import { LIMITS, libraryNameSchema, principalSchema, tenantNameSchema } from '@ragline/events';

export const createKeyBodySchema = z.strictObject({
  /** Root key only, for another tenant; other admins create keys of their own tenant. */
  tenant: tenantNameSchema.optional(),
  name: z.string().min(1).max(128).optional(),
  scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length),
  /** Restricts the key to these libraries; absent: every library of the tenant. */
  libraries: z.array(libraryNameSchema).min(1).max(100).optional(),
  /** Who the key reads as (document permissions). */
  principals: z.array(principalSchema).max(LIMITS.principals).optional(),
});

export const listKeysQuerySchema = z.strictObject({ tenant: tenantNameSchema.optional() });

export const keyIdSchema = z.string().regex(/^[a-z0-9]{12}$/, 'must be a 12-character key id');
