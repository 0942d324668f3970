import { countTokens } from '@ragline/chunking';
import { describeError, isRaglineError } from '@ragline/errors';
import type { Metrics } from '@ragline/metrics';
import type { Embedder } from './embedder.port';
import type { EmbeddingLanes } from './embedding-lanes';

/**
 * Any embedder, measured (calls, texts, tokens in cl100k_base, latency, errors by code) and run
 * through the process's embedding lanes (live calls before bulk ones).
 */
export class InstrumentedEmbedder implements Embedder {
  constructor(
    private readonly inner: Embedder,
    private readonly metrics: Metrics,
    private readonly lanes?: EmbeddingLanes,
  ) {}

  get id() {
    return this.inner.id;
  }
  get maxBatchSize() {
    return this.inner.maxBatchSize;
  }

  embedDocuments(texts: readonly string[]): Promise<number[][]> {
    return this.measure('documents', texts, () => this.inner.embedDocuments(texts));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.measure('query', [text], () => this.inner.embedQuery(text));
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async measure<T>(
    operation: 'documents' | 'query',
    texts: readonly string[],
    run: () => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    const tokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
    try {
      const result = await run();
      this.metrics.embedderCall(
        operation,
        texts.length,
        tokens,
        (performance.now() - started) / 1000,
      );
      return result;
    } catch (error) {
      const outcome = isRaglineError(error) ? error.code : describeError(error).split(':')[0];
      this.metrics.embedderCall(
        operation,
        texts.length,
        tokens,
        (performance.now() - started) / 1000,
        outcome,
      );
      throw error;
    }
  }
}
