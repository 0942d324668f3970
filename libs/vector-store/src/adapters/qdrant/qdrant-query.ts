import type { Schemas } from '@qdrant/js-client-rest';
import { StoreRequestRejectedError } from '../../vector-store.errors';
import type { ReadAccess, SearchRequest } from '../../vector-store.port';
import { toQdrantFilter } from './qdrant-filter';
import { VECTOR_NAMES } from './qdrant-points';

/**
 * The Query API request for a search, or `undefined` when the answer is known to be empty (a
 * sparse query without terms). Hybrid with only one side present degrades to that side.
 */
export function toQueryRequest(
  request: SearchRequest,
  access: ReadAccess,
  tenant: string,
  prefetchFactor: number,
): Schemas['QueryRequest'] | undefined {
  if (!Number.isInteger(request.topK) || request.topK < 1) {
    throw new StoreRequestRejectedError(`topK must be a positive integer (got ${request.topK})`);
  }
  const filter = toQdrantFilter(tenant, request.filter, access);
  const limit = request.topK;
  const dense =
    request.vector !== undefined && request.vector.length > 0 ? request.vector : undefined;
  const sparse =
    request.sparse !== undefined && request.sparse.indices.length > 0
      ? { indices: request.sparse.indices, values: request.sparse.values }
      : undefined;
  const common = { filter, limit, with_payload: true, with_vector: false };

  switch (request.mode) {
    case 'dense':
      if (dense === undefined) throw missing('dense', 'vector');
      return { ...common, query: dense, using: VECTOR_NAMES.dense };
    case 'sparse':
      if (request.sparse === undefined) throw missing('sparse', 'sparse');
      return sparse === undefined
        ? undefined
        : { ...common, query: sparse, using: VECTOR_NAMES.sparse };
    case 'hybrid': {
      if (dense === undefined && request.sparse === undefined)
        throw missing('hybrid', 'vector or sparse');
      if (dense === undefined) {
        return sparse === undefined
          ? undefined
          : { ...common, query: sparse, using: VECTOR_NAMES.sparse };
      }
      if (sparse === undefined) return { ...common, query: dense, using: VECTOR_NAMES.dense };
      // Each side brings more than topK so RRF can reorder; the filter applies inside each side.
      const prefetchLimit = limit * prefetchFactor;
      return {
        ...common,
        prefetch: [
          { query: dense, using: VECTOR_NAMES.dense, filter, limit: prefetchLimit },
          { query: sparse, using: VECTOR_NAMES.sparse, filter, limit: prefetchLimit },
        ],
        query: { fusion: 'rrf' },
      };
    }
  }
}

function missing(mode: string, field: string): StoreRequestRejectedError {
  return new StoreRequestRejectedError(`A ${mode} search needs request.${field}.`, {
    field: field === 'sparse' ? 'sparse' : 'vector',
  });
}
