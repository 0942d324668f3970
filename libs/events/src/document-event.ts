import { z } from 'zod';
import { documentIdSchema } from './document-id';

/** Metadata values are scalars so that every store can filter on them. */
export const metadataValueSchema = z.union([z.string().max(2048), z.number(), z.boolean()]);
export const metadataSchema = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/),
  metadataValueSchema,
);
export type MetadataValue = z.infer<typeof metadataValueSchema>;
export type Metadata = z.infer<typeof metadataSchema>;

/** A version orders the events of one document; larger wins. */
export const versionSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const eventBase = {
  eventId: z.string().min(1),
  documentId: documentIdSchema,
  version: versionSchema,
  /** Where the event came from: `api`, a webhook source, a reindex. */
  source: z.string().min(1).max(128),
  /** Milliseconds since the epoch at intake (for freshness figures). */
  receivedAt: z.number().int(),
};

export const upsertDocumentJobSchema = z.object({
  ...eventBase,
  kind: z.literal('upsert'),
  text: z.string().min(1),
  title: z.string().max(1024).optional(),
  metadata: metadataSchema,
});
export type UpsertDocumentJob = z.infer<typeof upsertDocumentJobSchema>;

export const deleteDocumentJobSchema = z.object({ ...eventBase, kind: z.literal('delete') });
export type DeleteDocumentJob = z.infer<typeof deleteDocumentJobSchema>;

export const documentJobSchema = z.discriminatedUnion('kind', [
  upsertDocumentJobSchema,
  deleteDocumentJobSchema,
]);
export type DocumentJob = z.infer<typeof documentJobSchema>;
