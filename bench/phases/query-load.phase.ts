import { performance } from 'node:perf_hooks';
import type { RaglineClient } from '../service/ragline-client';
import { summarize, type LatencySummary } from '../stats/percentiles';

export type SearchMode = 'hybrid' | 'dense' | 'sparse';

export interface QueryCell {
  mode: SearchMode;
  concurrency: number;
  /** Chunks in the library while the cell ran. */
  chunks: number;
  queries: number;
  errors: number;
  queriesPerSecond: number;
  latency: LatencySummary;
}

/** Deterministic query texts: 3-6 word runs from the corpus paragraphs. */
export function queryTexts(paragraphs: readonly string[], count: number): string[] {
  const texts: string[] = [];
  for (let i = 0; texts.length < count && i < paragraphs.length * 4; i++) {
    const words = paragraphs[(i * 7919) % paragraphs.length]
      .split(/\s+/)
      .filter((w) => /^[a-z]+$/i.test(w));
    if (words.length < 8) continue;
    const start = (i * 31) % (words.length - 6);
    texts.push(words.slice(start, start + 3 + (i % 4)).join(' '));
  }
  return texts;
}

/** Every (mode, concurrency) cell at one library size. */
export async function measureQueryGrid(
  client: RaglineClient,
  texts: readonly string[],
  options: { queryConcurrency: readonly number[]; querySeconds: number },
  chunks: number,
): Promise<QueryCell[]> {
  const cells: QueryCell[] = [];
  for (const mode of ['hybrid', 'dense', 'sparse'] as SearchMode[]) {
    for (const concurrency of options.queryConcurrency) {
      cells.push(
        await measureQueries(client, texts, mode, concurrency, options.querySeconds, chunks),
      );
    }
  }
  return cells;
}

/**
 * Closed-loop load: `concurrency` clients each send the next query as soon as theirs returns,
 * for `seconds` (after a short warm-up). Latency is per request, client side, over HTTP.
 */
export async function measureQueries(
  client: RaglineClient,
  texts: readonly string[],
  mode: SearchMode,
  concurrency: number,
  seconds: number,
  chunks: number,
): Promise<QueryCell> {
  let next = 0;
  const pick = (): string => texts[next++ % texts.length];
  for (let i = 0; i < Math.min(20, concurrency * 2); i++)
    await client.query({ query: pick(), topK: 10, mode });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        try {
          await client.query({ query: pick(), topK: 10, mode });
          latencies.push(performance.now() - sent);
        } catch {
          errors++;
        }
      }
    }),
  );
  const wallMs = performance.now() - started;
  return {
    mode,
    concurrency,
    chunks,
    queries: latencies.length,
    errors,
    queriesPerSecond: (latencies.length * 1000) / wallMs,
    latency: summarize(latencies),
  };
}
