import { z } from 'zod';
import {
  DocumentStatus,
  LIMITS,
  aclSchema,
  documentFormatSchema,
  documentIdSchema,
  metadataSchema,
  versionSchema,
} from '@ragline/events';

export const documentIdParamSchema = documentIdSchema;

/** An empty text is a valid document (a file emptied at its source): it is indexed with 0 chunks. */
export const upsertDocumentBodySchema = z.strictObject({
  text: z.string(),
  title: z.string().max(LIMITS.titleChars).optional(),
  metadata: metadataSchema.optional(),
  version: versionSchema.optional(),
  /** Who may read it: `{"read": ["group:eng", "user:alice@example.com"]}`; absent: everyone. */
  acl: aclSchema.optional(),
  /** `markdown` or `text`; by default Markdown for ids ending .md/.mdx/.markdown. */
  format: documentFormatSchema.optional(),
});
export type UpsertDocumentBody = z.infer<typeof upsertDocumentBodySchema>;

/** Any printable ASCII, as HTTP headers carry; scoped per deployment prefix. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1-200 printable ASCII characters without spaces')
  .optional();

export const listDocumentsQuerySchema = z.strictObject({
  source: z.string().min(1).max(128).optional(),
  status: z.enum(Object.values(DocumentStatus) as [DocumentStatus, ...DocumentStatus[]]).optional(),
  cursor: documentIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
