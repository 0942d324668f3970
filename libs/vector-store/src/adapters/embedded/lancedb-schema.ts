import {
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int32,
  List,
  Schema,
  Utf8,
  type DataType,
} from 'apache-arrow';
import type { Metadata } from '@ragline/events';
import type { ChunkPoint, LibrarySpec } from '../../vector-store.port';
import { metadataTag } from './lancedb-filter';

/** Schema-metadata key holding the library spec a version table was created with. */
const SPEC_KEY = 'ragline.spec';

/**
 * Library names become table-name prefixes: a portable set (LanceDB allows letters, digits, `_`,
 * `-` and `.`; `.` is left out so a name never looks like a path or an extension).
 */
const LIBRARY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;

export function isValidLibraryName(name: string): boolean {
  return LIBRARY_NAME.test(name);
}

/** `<library>_v<N>`: one table per collection version. */
export function versionTableName(library: string, version: number): string {
  return `${library}_v${version}`;
}

/** The version encoded in `tableName` if it is a version table of `library`. */
export function parseVersionTableName(library: string, tableName: string): number | undefined {
  const prefix = `${library}_v`;
  if (!tableName.startsWith(prefix)) return undefined;
  const rest = tableName.slice(prefix.length);
  return /^[1-9][0-9]{0,14}$/.test(rest) ? Number(rest) : undefined;
}

const list = (type: DataType): List => new List(new Field('item', type, true));

/** Arrow schema of a version table; the spec rides along as schema metadata (written at creation). */
export function chunkTableSchema(spec: LibrarySpec): Schema {
  return new Schema(
    [
      new Field('id', new Utf8(), false),
      new Field('documentId', new Utf8(), false),
      new Field('chunkIndex', new Int32(), false),
      new Field('text', new Utf8(), false),
      new Field('title', new Utf8(), true),
      new Field('contentHash', new Utf8(), false),
      // Float64 holds every integer up to 2^53 exactly, and reads back as a plain number.
      new Field('version', new Float64(), false),
      new Field('source', new Utf8(), false),
      new Field('metadata', new Utf8(), false),
      new Field('tags', list(new Utf8()), false),
      new Field('acl', list(new Utf8()), false),
      new Field('context', new Utf8(), true),
      new Field('numKeys', list(new Utf8()), false),
      new Field('numValues', list(new Float64()), false),
      new Field('sparseIndices', list(new Int32()), true),
      new Field('sparseValues', list(new Float32()), true),
      new Field(
        'vector',
        new FixedSizeList(spec.dense.size, new Field('item', new Float32(), true)),
        false,
      ),
    ],
    new Map([[SPEC_KEY, JSON.stringify(specRecord(spec))]]),
  );
}

/** What must match for vectors to be comparable (the name is the alias, not part of the shape). */
export type SpecRecord = Omit<LibrarySpec, 'name'>;

export function specRecord(spec: LibrarySpec): SpecRecord {
  return { dense: spec.dense, sparse: spec.sparse, embedder: spec.embedder };
}

/** Reads the spec back from a table's schema metadata; undefined for foreign tables. */
export function readSpecRecord(schema: Schema): SpecRecord | undefined {
  const raw = schema.metadata.get(SPEC_KEY);
  if (raw === undefined) return undefined;
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { dense, sparse, embedder } = parsed as Record<string, unknown>;
  if (typeof dense !== 'object' || dense === null) return undefined;
  const { size, distance } = dense as Record<string, unknown>;
  if (typeof size !== 'number' || (distance !== 'cosine' && distance !== 'dot')) return undefined;
  if (typeof sparse !== 'boolean' || typeof embedder !== 'string') return undefined;
  return { dense: { size, distance }, sparse, embedder };
}

/** Human list of what differs between two specs, empty when they agree. */
export function specDifferences(stored: SpecRecord, wanted: SpecRecord): string[] {
  const diffs: string[] = [];
  if (stored.embedder !== wanted.embedder) {
    diffs.push(`embedder "${stored.embedder}" vs "${wanted.embedder}"`);
  }
  if (stored.dense.size !== wanted.dense.size) {
    diffs.push(`vector size ${stored.dense.size} vs ${wanted.dense.size}`);
  }
  if (stored.dense.distance !== wanted.dense.distance) {
    diffs.push(`distance ${stored.dense.distance} vs ${wanted.dense.distance}`);
  }
  if (stored.sparse !== wanted.sparse) diffs.push(`sparse ${stored.sparse} vs ${wanted.sparse}`);
  return diffs;
}

/** One table row of a chunk (plain object; LanceDB converts it with the table schema). */
export function toRow(point: ChunkPoint): Record<string, unknown> {
  const numKeys: string[] = [];
  const numValues: number[] = [];
  for (const [key, value] of Object.entries(point.metadata)) {
    if (typeof value === 'number') {
      numKeys.push(key);
      numValues.push(value);
    }
  }
  return {
    id: point.id,
    documentId: point.documentId,
    chunkIndex: point.chunkIndex,
    text: point.text,
    title: point.title ?? null,
    contentHash: point.contentHash,
    version: point.version,
    source: point.source,
    metadata: JSON.stringify(point.metadata),
    tags: Object.entries(point.metadata).map(([key, value]) => metadataTag(key, value)),
    acl: point.acl,
    context: point.context ?? null,
    numKeys,
    numValues,
    sparseIndices: point.sparse?.indices ?? null,
    sparseValues: point.sparse?.values ?? null,
    vector: point.vector,
  };
}

/** Payload columns a search returns (no vector: it is large and hits do not need it). */
export const HIT_COLUMNS = [
  'id',
  'documentId',
  'chunkIndex',
  'text',
  'title',
  'version',
  'source',
  'metadata',
  'context',
];

export function parseMetadata(raw: string): Metadata {
  const parsed: unknown = JSON.parse(raw);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Metadata) : {};
}
