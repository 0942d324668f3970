import type { Schemas } from '@qdrant/js-client-rest';
import { ErrorCode, RaglineError } from '@ragline/errors';
import { metadataValueSchema } from '@ragline/events';
import { z } from 'zod';
import type { ChunkPoint, SearchHit, StoredVectors } from '../../vector-store.port';

/** Names of the two vectors every Ragline collection has. */
export const VECTOR_NAMES = { dense: 'dense', sparse: 'bm25' } as const;

/** What the adapter stores in each point's payload (besides `tenant`). */
const chunkPayloadSchema = z.object({
  documentId: z.string(),
  chunkIndex: z.number().int(),
  text: z.string(),
  contentHash: z.string(),
  version: z.number(),
  title: z.string().optional(),
  source: z.string(),
  metadata: z.record(z.string(), metadataValueSchema).default({}),
  context: z.string().optional(),
});

const storedVectorsSchema = z.object({
  id: z.union([z.string(), z.number()]),
  payload: z.object({ contentHash: z.string() }),
  vector: z.object({ [VECTOR_NAMES.dense]: z.array(z.number()) }),
});

/** One chunk as a Qdrant point: named dense + sparse vectors, flat payload, metadata nested. */
export function toPointStruct(point: ChunkPoint, tenant: string): Schemas['PointStruct'] {
  const vector: Record<string, Schemas['Vector']> = { [VECTOR_NAMES.dense]: point.vector };
  // Qdrant stores no sparse vector for a point that has none: it simply never matches BM25.
  if (point.sparse !== undefined && point.sparse.indices.length > 0) {
    vector[VECTOR_NAMES.sparse] = { indices: point.sparse.indices, values: point.sparse.values };
  }
  const payload: Schemas['Payload'] = {
    tenant,
    documentId: point.documentId,
    chunkIndex: point.chunkIndex,
    text: point.text,
    contentHash: point.contentHash,
    version: point.version,
    source: point.source,
    metadata: { ...point.metadata },
    acl: point.acl,
  };
  if (point.title !== undefined) payload.title = point.title;
  if (point.context !== undefined) payload.context = point.context;
  return { id: point.id, vector, payload };
}

/** A scored point from the Query API as the port's hit. */
export function toSearchHit(point: Schemas['ScoredPoint']): SearchHit {
  const payload = parseOrThrow(chunkPayloadSchema, point.payload, point.id);
  const hit: SearchHit = {
    id: String(point.id),
    documentId: payload.documentId,
    chunkIndex: payload.chunkIndex,
    text: payload.text,
    source: payload.source,
    version: payload.version,
    metadata: payload.metadata,
    score: point.score,
  };
  if (payload.title !== undefined) hit.title = payload.title;
  if (payload.context !== undefined) hit.context = payload.context;
  return hit;
}

/** A scrolled record (vectors + contentHash) as reusable stored vectors. */
export function toStoredVectors(record: Schemas['Record']): StoredVectors {
  const parsed = parseOrThrow(storedVectorsSchema, record, record.id);
  return {
    id: String(parsed.id),
    contentHash: parsed.payload.contentHash,
    vector: parsed.vector[VECTOR_NAMES.dense],
  };
}

/** Splits `items` into consecutive slices of at most `size`. */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, id: Schemas['ExtendedPointId']): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Only this adapter writes these collections, so a foreign shape is a bug or a foreign writer.
  throw new RaglineError(
    ErrorCode.Internal,
    `Qdrant point ${String(id)} does not have the Ragline chunk shape: ${result.error.message}`,
  );
}
