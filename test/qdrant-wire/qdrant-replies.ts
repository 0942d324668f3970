import type { LibrarySpec } from '@ragline/vector-store';
import {
  errorBody,
  type QdrantOpenApiStub,
  type RecordedCall,
  type Reply,
} from './qdrant-openapi-stub';

/** A 200 reply in Qdrant's envelope. */
export function ok(result: unknown): Reply {
  return { status: 200, body: { result, status: 'ok', time: 0.0002 } };
}

/** An error reply with Qdrant's ErrorResponse body. */
export function fail(status: number, message: string): Reply {
  return { status, body: errorBody(message) };
}

export const completed = { operation_id: 7, status: 'completed' };

/** GET /collections/{name} for a Ragline collection made with `spec` (or a changed one). */
export function collectionInfo(
  spec: LibrarySpec,
  override: { embedder?: string; size?: number } = {},
): Reply {
  const size = override.size ?? spec.dense.size;
  return ok({
    status: 'green',
    optimizer_status: 'ok',
    segments_count: 1,
    points_count: 0,
    indexed_vectors_count: 0,
    payload_schema: {},
    config: {
      params: {
        vectors: { dense: { size, distance: spec.dense.distance === 'cosine' ? 'Cosine' : 'Dot' } },
        sparse_vectors: { bm25: { modifier: 'idf' } },
        shard_number: 1,
        replication_factor: 1,
        write_consistency_factor: 1,
        on_disk_payload: true,
      },
      hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000 },
      optimizer_config: { default_segment_number: 0, flush_interval_sec: 5 },
      metadata: {
        ragline: {
          embedder: override.embedder ?? spec.embedder,
          denseSize: size,
          distance: spec.dense.distance,
        },
      },
    },
  });
}

/** A stored chunk payload as the adapter writes it. */
export function chunkPayload(documentId: string, chunkIndex: number, extra: object = {}): object {
  return {
    tenant: 'default',
    documentId,
    chunkIndex,
    text: `chunk ${chunkIndex} of ${documentId}`,
    contentHash: `hash-${chunkIndex}`.padEnd(32, '0'),
    version: 3,
    source: 'api',
    metadata: { lang: 'en' },
    ...extra,
  };
}

function operationCount(call: RecordedCall): number {
  const body = call.body;
  if (typeof body === 'object' && body !== null && 'operations' in body) {
    return Array.isArray(body.operations) ? body.operations.length : 0;
  }
  return 0;
}

/** Plain successful replies for every operation the adapter uses: an empty server. */
export function installDefaultReplies(stub: QdrantOpenApiStub): void {
  stub
    .on('get_collections', () => ok({ collections: [] }))
    .on('get_collections_aliases', () => ok({ aliases: [] }))
    .on('create_collection', () => ok(true))
    .on('delete_collection', () => ok(true))
    .on('collection_exists', () => ok({ exists: true }))
    .on('create_field_index', () => ok(completed))
    .on('update_aliases', () => ok(true))
    .on('batch_update', (call) => ok(Array.from({ length: operationCount(call) }, () => completed)))
    .on('delete_points', () => ok(completed))
    .on('scroll_points', () => ok({ points: [], next_page_offset: null }))
    .on('query_points', () => ok({ points: [] }))
    .on('count_points', () => ok({ count: 0 }));
}
