import type { Schemas } from '@qdrant/js-client-rest';
import { ErrorCode, RaglineError } from '@ragline/errors';
import { z } from 'zod';
import type { LibrarySpec } from '../../vector-store.port';
import { PAYLOAD_KEYS } from './qdrant-filter';
import type { MetadataIndexType } from './qdrant-options';
import { VECTOR_NAMES } from './qdrant-points';

/** Key of the Ragline marker inside Qdrant collection metadata. */
export const MARKER_KEY = 'ragline';

const markerSchema = z.object({
  embedder: z.string(),
  denseSize: z.number().int(),
  distance: z.enum(['cosine', 'dot']),
});
type LibraryMarker = z.infer<typeof markerSchema>;

const DISTANCE: Record<LibrarySpec['dense']['distance'], Schemas['Distance']> = {
  cosine: 'Cosine',
  dot: 'Dot',
};

/** Name of one version's collection; the library name itself is the alias. */
export function collectionName(library: string, version: number): string {
  return `${library}_v${version}`;
}

/** The version encoded in `name` if it is one of `library`'s collections. */
export function versionOf(library: string, name: string): number | undefined {
  if (!name.startsWith(`${library}_v`)) return undefined;
  const digits = name.slice(library.length + 2);
  return /^[1-9][0-9]*$/.test(digits) ? Number(digits) : undefined;
}

/**
 * Body that creates a version: named dense vector, named BM25 sparse vector with IDF applied by
 * Qdrant (always created, so turning hybrid on later needs no new collection), and the marker
 * recording which embedder filled it.
 */
export function createCollectionBody(spec: LibrarySpec): Schemas['CreateCollection'] {
  const marker: LibraryMarker = {
    embedder: spec.embedder,
    denseSize: spec.dense.size,
    distance: spec.dense.distance,
  };
  return {
    vectors: {
      [VECTOR_NAMES.dense]: { size: spec.dense.size, distance: DISTANCE[spec.dense.distance] },
    },
    sparse_vectors: { [VECTOR_NAMES.sparse]: { modifier: 'idf' } },
    metadata: { [MARKER_KEY]: marker },
  };
}

/** Payload indexes of every version: ids, source, the tenant index, version, ACL, declared metadata. */
export function payloadIndexes(
  metadataIndexes: Readonly<Record<string, MetadataIndexType>>,
): Schemas['CreateFieldIndex'][] {
  const indexes: Schemas['CreateFieldIndex'][] = [
    { field_name: PAYLOAD_KEYS.tenant, field_schema: { type: 'keyword', is_tenant: true } },
    { field_name: PAYLOAD_KEYS.documentId, field_schema: 'keyword' },
    { field_name: PAYLOAD_KEYS.source, field_schema: 'keyword' },
    { field_name: PAYLOAD_KEYS.version, field_schema: 'integer' },
    // Every permission-filtered read has a `must` on it.
    { field_name: PAYLOAD_KEYS.acl, field_schema: 'keyword' },
  ];
  for (const [key, type] of Object.entries(metadataIndexes)) {
    indexes.push({ field_name: `${PAYLOAD_KEYS.metadata}.${key}`, field_schema: type });
  }
  return indexes;
}

/**
 * Throws EMBEDDER_MISMATCH unless the existing collection was made by Ragline for this embedder
 * and dense shape. The marker is checked and so is the live vector config, which is authoritative.
 */
export function assertCompatible(
  name: string,
  info: Schemas['CollectionInfo'],
  spec: LibrarySpec,
): void {
  const expected = createCollectionBody(spec);
  const found = readMarker(info.config.metadata);
  const dense = readDense(info.config.params.vectors);
  const wantedDense = { size: spec.dense.size, distance: DISTANCE[spec.dense.distance] };
  const problems: string[] = [];
  if (found === undefined) problems.push('it carries no Ragline marker in its metadata');
  else if (found.embedder !== spec.embedder) {
    problems.push(`it was filled by embedder "${found.embedder}", not "${spec.embedder}"`);
  }
  if (dense === undefined) problems.push(`it has no "${VECTOR_NAMES.dense}" vector`);
  else if (dense.size !== wantedDense.size || dense.distance !== wantedDense.distance) {
    problems.push(
      `its dense vector is ${dense.size}-d ${dense.distance}, not ${wantedDense.size}-d ${wantedDense.distance}`,
    );
  }
  if (problems.length === 0) return;
  throw new RaglineError(
    ErrorCode.EmbedderMismatch,
    `Qdrant collection "${name}" does not fit this library: ${problems.join('; ')}. ` +
      'Reindex into a new library version, or configure the embedder it was built with.',
    {
      retryable: false,
      details: { collection: name, expected: expected.metadata, found: found ?? null },
    },
  );
}

function readMarker(metadata: unknown): LibraryMarker | undefined {
  const parsed = z.object({ [MARKER_KEY]: markerSchema }).safeParse(metadata);
  return parsed.success ? parsed.data[MARKER_KEY] : undefined;
}

function readDense(
  vectors: Schemas['VectorsConfig'] | undefined,
): { size: number; distance: string } | undefined {
  const parsed = z
    .object({ [VECTOR_NAMES.dense]: z.object({ size: z.number(), distance: z.string() }) })
    .safeParse(vectors);
  return parsed.success ? parsed.data[VECTOR_NAMES.dense] : undefined;
}
