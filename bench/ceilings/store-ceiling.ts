import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LanceDbVectorStore, type ChunkPoint, type LibrarySpec } from '@ragline/vector-store';
import { mapBounded } from '../support/bounded-pool';
import { onCleanup } from '../support/cleanup-registry';

export interface ThroughputCeiling {
  items: number;
  chunks: number;
  wallMs: number;
  perSecond: number;
  chunksPerSecond: number;
}

/**
 * Raw store upsert throughput: replaceDocument with each document's ready-made points (one
 * mergeInsert commit per document, as the worker does) at the worker's concurrency, in this
 * process, on a fresh temp dir. No queue, no registry, no chunking, no embedding.
 */
export async function measureStoreCeiling(
  spec: LibrarySpec,
  pointsByDocument: readonly ChunkPoint[][],
  concurrency: number,
): Promise<ThroughputCeiling> {
  const dir = mkdtempSync(join(tmpdir(), 'ragline-bench-store-'));
  const unregister = onCleanup(`store ceiling ${dir}`, () =>
    rmSync(dir, { recursive: true, force: true }),
  );
  const store = await LanceDbVectorStore.open({ dataDir: dir });
  try {
    await store.ensureLibrary(spec);
    const started = performance.now();
    await mapBounded(pointsByDocument, concurrency, (points) =>
      store.replaceDocument(spec.name, points[0].documentId, points),
    );
    const wallMs = performance.now() - started;
    const chunks = pointsByDocument.reduce((sum, points) => sum + points.length, 0);
    return {
      items: pointsByDocument.length,
      chunks,
      wallMs,
      perSecond: (pointsByDocument.length * 1000) / wallMs,
      chunksPerSecond: (chunks * 1000) / wallMs,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    unregister();
  }
}
