import { randomInt } from 'node:crypto';

/**
 * The run's seed: `RAGLINE_FUZZ_SEED` replays a run, otherwise a fresh one. Each property derives
 * its own from it, so a replay reproduces every part of the run.
 */
export function fuzzSeed(raw = process.env.RAGLINE_FUZZ_SEED): number {
  if (raw === undefined || raw.trim() === '') return randomInt(2 ** 31 - 1);
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed))
    throw new Error(`RAGLINE_FUZZ_SEED must be an integer, got "${raw}"`);
  return seed | 0;
}

/** Inject cases per run: `RAGLINE_FUZZ_RUNS` scales a run down to debug it, or up to soak. */
export function injectRuns(raw = process.env.RAGLINE_FUZZ_RUNS, fallback = 4400): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const runs = Number(raw);
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new Error(`RAGLINE_FUZZ_RUNS must be a positive integer, got "${raw}"`);
  return runs;
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
