import { MatchQuery, type Table } from '@lancedb/lancedb';
import { StoreRequestRejectedError } from '../../vector-store.errors';
import type { ReadAccess, SearchHit, SearchRequest } from '../../vector-store.port';
import { toLanceWhere } from './lancedb-filter';
import { asRows, rowNumber, toHit } from './lancedb-rows';
import { HIT_COLUMNS, type SpecRecord } from './lancedb-schema';
import { fuseByReciprocalRank } from './reciprocal-rank-fusion';
import type { LanceDbQueryLimiter } from './lancedb-query-limiter';

/**
 * Runs one search on a version table. BM25 (sparse, hybrid) ranks `request.text` with LanceDB's own
 * full-text index; the client-made sparse vector is for stores without one.
 * Filters are pre-filters: topK counts matching rows only. Each native query takes a slot of
 * `limiter` (hybrid takes two, one per side).
 */
export async function searchTable(
  table: Table,
  spec: SpecRecord,
  request: SearchRequest,
  access: ReadAccess,
  limiter: LanceDbQueryLimiter,
): Promise<SearchHit[]> {
  const { topK, mode } = request;
  if (!Number.isInteger(topK) || topK < 1) {
    throw new StoreRequestRejectedError(`topK must be a positive integer, got ${topK}.`);
  }
  const where = toLanceWhere(request.filter, access);
  if (mode === 'dense') {
    return denseSearch(table, spec, requireVector(request, spec), where, topK, limiter);
  }
  const text = requireText(request);
  if (mode === 'sparse') return sparseSearch(table, text, where, topK, limiter);
  // Deeper candidate lists than topK so a hit ranked low by one side can still surface.
  const depth = Math.max(topK * 2, 20);
  const [dense, sparse] = await Promise.all([
    denseSearch(table, spec, requireVector(request, spec), where, depth, limiter),
    sparseSearch(table, text, where, depth, limiter),
  ]);
  return fuseByReciprocalRank([dense, sparse], topK);
}

async function denseSearch(
  table: Table,
  spec: SpecRecord,
  vector: number[],
  where: string | undefined,
  topK: number,
  limiter: LanceDbQueryLimiter,
): Promise<SearchHit[]> {
  let query = table
    .query()
    .nearestTo(vector)
    .distanceType(spec.dense.distance)
    // Name _distance explicitly: LanceDB warns on every query that would rely on adding it itself.
    .select([...HIT_COLUMNS, '_distance'])
    .limit(topK);
  if (where !== undefined) query = query.where(where);
  // LanceDB distances: cosine = 1 - cos, dot = 1 - dot; either way 1 - distance is "higher better".
  const rows = asRows(await limiter.run(() => query.toArray()));
  return rows.map((row) => toHit(row, 1 - rowNumber(row, '_distance')));
}

async function sparseSearch(
  table: Table,
  text: string,
  where: string | undefined,
  topK: number,
  limiter: LanceDbQueryLimiter,
): Promise<SearchHit[]> {
  if (text.trim() === '') return [];
  // A MatchQuery takes the text as terms: a string would go through LanceDB's query parser, where
  // quotes, `AND`, `~` and the like are syntax (a quoted query failed on an index without positions).
  let query = table
    .query()
    .fullTextSearch(new MatchQuery(text, 'text'))
    .select([...HIT_COLUMNS, '_score'])
    .limit(topK);
  if (where !== undefined) query = query.where(where);
  const hits = asRows(await limiter.run(() => query.toArray())).map((row) =>
    toHit(row, rowNumber(row, '_score')),
  );
  // Rows not yet folded into the index are scored separately and appended: order them ourselves.
  return hits.sort((a, b) => b.score - a.score);
}

function requireVector(request: SearchRequest, spec: SpecRecord): number[] {
  const { vector } = request;
  if (vector === undefined) {
    throw new StoreRequestRejectedError(`A ${request.mode} search needs a query vector.`, {
      field: 'vector',
    });
  }
  if (vector.length !== spec.dense.size) {
    throw new StoreRequestRejectedError(
      `The query vector has ${vector.length} dimensions; this library stores ${spec.dense.size}.`,
      { field: 'vector' },
    );
  }
  return vector;
}

function requireText(request: SearchRequest): string {
  const text = 'text' in request ? request.text : undefined;
  if (typeof text !== 'string') {
    throw new StoreRequestRejectedError(
      `A ${request.mode} search on the embedded store needs the query text (\`text\`): its BM25 runs on LanceDB's full-text index.`,
      { field: 'text' },
    );
  }
  return text;
}
