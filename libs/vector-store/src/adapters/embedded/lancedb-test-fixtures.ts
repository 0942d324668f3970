import type { ChunkPoint, LibrarySpec } from '../../vector-store.port';

/** A tiny library for the embedded store's own tests: 4-d cosine vectors, no sparse vectors. */
export const TEST_LIBRARY: LibrarySpec = {
  name: 'lib',
  dense: { size: 4, distance: 'cosine' },
  sparse: false,
  embedder: 'test:unit:4',
};

/** `chunks` points of `documentId`, texts marked with `version` so readers can tell sets apart. */
export function versionedPoints(documentId: string, version: number, chunks: number): ChunkPoint[] {
  return Array.from({ length: chunks }, (_, i) => ({
    id: `${documentId}#${i}`,
    documentId,
    chunkIndex: i,
    text: `v${version} ${documentId} chunk ${i}`,
    contentHash: `h${version}.${i}`,
    version,
    source: 'api',
    metadata: {},
    acl: ['*'],
    vector: [1, version, i, 0],
  }));
}
