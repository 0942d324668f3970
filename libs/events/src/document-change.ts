import { z } from 'zod';
import { documentIdSchema } from './document-id';
import { boundedRecord } from './bounded-record';
import { LIMITS } from './limits';

/** Metadata values are scalars so that every store can filter on them. */
export const metadataValueSchema = z.union([
  z.string().max(LIMITS.metadataValueChars, `at most ${LIMITS.metadataValueChars} characters`),
  z.number(),
  z.boolean(),
]);
export const metadataKeySchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
    'keys are 1-64 letters, digits or _, not starting with a digit',
  );
export const metadataSchema = boundedRecord(
  metadataKeySchema,
  metadataValueSchema,
  LIMITS.metadataKeys,
).refine(
  (metadata) => Buffer.byteLength(JSON.stringify(metadata)) <= LIMITS.metadataBytes,
  `at most ${LIMITS.metadataBytes} bytes as JSON`,
);
export type MetadataValue = z.infer<typeof metadataValueSchema>;
export type Metadata = z.infer<typeof metadataSchema>;

/** A version orders the changes of one document; larger wins. */
export const versionSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * Payload of a document-sync job. It names only the document: the worker applies the newest
 * accepted change from the registry, so a burst of changes costs one job and one apply.
 */
export const syncDocumentJobSchema = z.object({ documentId: documentIdSchema });
export type SyncDocumentJob = z.infer<typeof syncDocumentJobSchema>;

/** How a document's text is read: `markdown` (front matter, headings as chunk context) or `text`. */
export const documentFormatSchema = z.enum(['markdown', 'text']);
export type DocumentFormat = z.infer<typeof documentFormatSchema>;
