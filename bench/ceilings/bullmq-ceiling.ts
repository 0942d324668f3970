import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { deleteRedisPrefix } from '@ragline/testing';
import { mapBounded, withTimeout } from '../support/bounded-pool';
import { onCleanup } from '../support/cleanup-registry';
import type { ThroughputCeiling } from './store-ceiling';

/**
 * Raw BullMQ throughput on the same Redis: `jobs` empty jobs added one by one (as the API adds one
 * per PUT, with per-id deduplication and the same retention) by `producers` concurrent callers,
 * consumed by one Worker at `concurrency` doing nothing. Its own prefix, deleted afterwards.
 */
export async function measureQueueCeiling(
  redisUrl: string,
  jobs: number,
  concurrency: number,
  producers: number,
): Promise<ThroughputCeiling> {
  const prefix = `benchq${randomBytes(4).toString('hex')}`;
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const unregister = onCleanup(`queue ceiling ${prefix}`, async () => {
    await deleteRedisPrefix(redisUrl, prefix);
  });
  const queue = new Queue('ceiling', { connection, prefix });
  let completed = 0;
  let done: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (done = resolve));
  const worker = new Worker('ceiling', async () => undefined, {
    connection,
    prefix,
    concurrency,
    autorun: false,
  });
  worker.on('completed', () => {
    if (++completed === jobs) done();
  });
  try {
    await worker.waitUntilReady();
    const started = performance.now();
    void worker.run();
    await mapBounded(
      Array.from({ length: jobs }, (_, i) => i),
      producers,
      (i) =>
        queue.add(
          'empty',
          { documentId: `doc-${i}` },
          {
            deduplication: { id: `doc-${i}`, keepLastIfActive: true },
            removeOnComplete: { age: 3600, count: 10_000 },
          },
        ),
    );
    await withTimeout(allDone, 120_000, 'queue ceiling');
    const wallMs = performance.now() - started;
    return {
      items: jobs,
      chunks: 0,
      wallMs,
      perSecond: (jobs * 1000) / wallMs,
      chunksPerSecond: 0,
    };
  } finally {
    await worker.close();
    await queue.close();
    await deleteRedisPrefix(redisUrl, prefix);
    unregister();
  }
}
