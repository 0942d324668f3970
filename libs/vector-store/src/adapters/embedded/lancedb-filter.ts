import { StoreRequestRejectedError } from '../../vector-store.errors';
import type { MetadataValue } from '@ragline/events';
import { PUBLIC_PRINCIPAL } from '@ragline/events';
import type { MetadataCondition, PointFilter, ReadAccess } from '../../vector-store.port';

/**
 * Port filter -> LanceDB (DataFusion) SQL `where` text.
 *
 * Metadata is filtered through two derived columns written with every row (see lancedb-schema.ts):
 * - `tags`: `key=<JSON of value>` strings. Exact match and `anyOf` become `array_has_any`, so a
 *   string "5" never matches the number 5 and keys are compared exactly.
 * - `numKeys` / `numValues`: parallel lists of the numeric entries. A range looks the key up with
 *   `array_position` and compares the value at that position; a row without the key (or with a
 *   non-numeric value under it) yields NULL and is excluded, as in Qdrant.
 * Neither form can use a scalar index: filtered queries scan the filter columns (fine at library
 * sizes of ~10^5 chunks; a hot key would need a declared column).
 */
export function toLanceWhere(
  filter: PointFilter | undefined,
  access: ReadAccess,
): string | undefined {
  const clauses: string[] = [];
  const readers = accessClause(access);
  if (readers !== undefined) clauses.push(readers);
  if (filter === undefined) return joinClauses(clauses);
  if (filter.documentId !== undefined) clauses.push(`documentId = ${sqlString(filter.documentId)}`);
  if (filter.source !== undefined) clauses.push(`source = ${sqlString(filter.source)}`);
  for (const [key, condition] of Object.entries(filter.metadata ?? {})) {
    clauses.push(metadataClause(key, condition));
  }
  return joinClauses(clauses);
}

function joinClauses(clauses: string[]): string | undefined {
  return clauses.length === 0 ? undefined : clauses.map((c) => `(${c})`).join(' AND ');
}

/** The permission predicate: chunks readable by `*` or by one of the reader's principals. */
function accessClause(access: ReadAccess): string | undefined {
  if (access.principals === 'all') return undefined;
  const readers = [PUBLIC_PRINCIPAL, ...access.principals].map(sqlString).join(', ');
  return `array_has_any(acl, [${readers}])`;
}

/** `documentId = '...'`, for deletes and the merge-insert scope. */
export function documentIdEquals(documentId: string): string {
  return `documentId = ${sqlString(documentId)}`;
}

/** `documentId IN (...)`, the merge-insert scope of a batch of documents (see lancedb-commit.ts). */
export function documentIdIn(documentIds: readonly string[]): string {
  if (documentIds.length === 0) return 'FALSE';
  return `documentId IN (${documentIds.map(sqlString).join(', ')})`;
}

/** A SQL string literal: single quotes doubled (DataFusion treats backslashes literally). */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The `tags` entry of one metadata value. */
export function metadataTag(key: string, value: MetadataValue): string {
  return `${key}=${JSON.stringify(value)}`;
}

function metadataClause(key: string, condition: MetadataCondition): string {
  if (isScalar(condition)) return tagsContainAny(key, [condition]);
  if ('anyOf' in condition) return tagsContainAny(key, condition.anyOf);
  const value = `array_element(numValues, CAST(array_position(numKeys, ${sqlString(key)}) AS BIGINT))`;
  const parts: string[] = [];
  if (condition.gt !== undefined) parts.push(`${value} > ${sqlNumber(condition.gt)}`);
  if (condition.gte !== undefined) parts.push(`${value} >= ${sqlNumber(condition.gte)}`);
  if (condition.lt !== undefined) parts.push(`${value} < ${sqlNumber(condition.lt)}`);
  if (condition.lte !== undefined) parts.push(`${value} <= ${sqlNumber(condition.lte)}`);
  // An empty range only requires that the key holds a number.
  return parts.length === 0 ? `array_has(numKeys, ${sqlString(key)})` : parts.join(' AND ');
}

function tagsContainAny(key: string, values: readonly MetadataValue[]): string {
  if (values.length === 0) return 'FALSE';
  const list = values.map((v) => sqlString(metadataTag(key, v))).join(', ');
  return `array_has_any(tags, [${list}])`;
}

function isScalar(condition: MetadataCondition): condition is MetadataValue {
  return typeof condition !== 'object' || condition === null;
}

function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new StoreRequestRejectedError(
      `A metadata range bound must be a finite number, got ${value}.`,
    );
  }
  // Always a float literal, so DataFusion compares in Float64 (no integer overflow or truncation).
  const text = String(value);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}
