import { performance } from 'node:perf_hooks';
import type { Embedder } from '@ragline/embedders';
import type { ThroughputCeiling } from './store-ceiling';

/**
 * Raw embedder throughput on the corpus's own chunk texts: one embedDocuments call per
 * `maxBatchSize` texts (the embedder's own batch size; the local one spreads batches over its
 * threads), `concurrency` calls in flight, as the worker's concurrent jobs would keep it busy.
 * Returns the vectors too, so the store ceiling can reuse them instead of embedding again.
 */
export async function measureEmbedderCeiling(
  embedder: Embedder,
  texts: readonly string[],
  concurrency: number,
): Promise<{ ceiling: ThroughputCeiling; vectors: Map<string, number[]> }> {
  await embedder.embedDocuments(texts.slice(0, embedder.maxBatchSize)); // warm every thread
  const batches: string[][] = [];
  for (let start = 0; start < texts.length; start += embedder.maxBatchSize) {
    batches.push(texts.slice(start, start + embedder.maxBatchSize));
  }
  const started = performance.now();
  const vectors = new Map<string, number[]>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        const embedded = await embedder.embedDocuments(batch);
        batch.forEach((text, i) => vectors.set(text, embedded[i]));
      }
    }),
  );
  const wallMs = performance.now() - started;
  const perSecond = (texts.length * 1000) / wallMs;
  const ceiling = {
    items: texts.length,
    chunks: texts.length,
    wallMs,
    perSecond,
    chunksPerSecond: perSecond,
  };
  return { ceiling, vectors };
}
