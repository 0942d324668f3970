import type { SearchHit, StoredVectors } from '../../vector-store.port';
import { parseMetadata } from './lancedb-schema';

/**
 * Narrowing of the untyped rows `toArray()` yields. Lists arrive as Arrow vectors (with
 * `toArray()`), typed arrays, or plain arrays depending on the column type.
 */
export type Row = Record<string, unknown>;

export function asRows(rows: unknown[]): Row[] {
  return rows.filter((r): r is Row => typeof r === 'object' && r !== null);
}

export function rowString(row: Row, key: string): string {
  const value = row[key];
  if (typeof value !== 'string') throw new TypeError(`column ${key} is not a string`);
  return value;
}

export function rowNumber(row: Row, key: string): number {
  const value = row[key];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new TypeError(`column ${key} is not a number`);
}

export function rowNumbers(row: Row, key: string): number[] | undefined {
  const value = row[key];
  if (value === null || value === undefined) return undefined;
  const items = hasToArray(value) ? value.toArray() : value;
  if (Array.isArray(items) || ArrayBuffer.isView(items)) {
    return Array.from(items as ArrayLike<unknown>, (x) => Number(x));
  }
  throw new TypeError(`column ${key} is not a list`);
}

function hasToArray(value: unknown): value is { toArray(): unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toArray?: unknown }).toArray === 'function'
  );
}

/** A search hit from a row holding HIT_COLUMNS. */
export function toHit(row: Row, score: number): SearchHit {
  const { title, context } = row;
  const hit: SearchHit = {
    id: rowString(row, 'id'),
    documentId: rowString(row, 'documentId'),
    chunkIndex: rowNumber(row, 'chunkIndex'),
    text: rowString(row, 'text'),
    source: rowString(row, 'source'),
    version: rowNumber(row, 'version'),
    metadata: parseMetadata(rowString(row, 'metadata')),
    score,
  };
  if (typeof title === 'string') hit.title = title;
  if (typeof context === 'string') hit.context = context;
  return hit;
}

export function toStoredVectors(row: Row): StoredVectors {
  return {
    id: rowString(row, 'id'),
    contentHash: rowString(row, 'contentHash'),
    vector: rowNumbers(row, 'vector') ?? [],
  };
}
