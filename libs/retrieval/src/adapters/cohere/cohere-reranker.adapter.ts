import { CohereClientV2 } from 'cohere-ai';
import { z } from 'zod';
import { classifyCohereError } from '@ragline/generators';
import type { Reranker, RerankResult } from '../../reranker.port';
import { RerankerRateLimitedError, RerankerUnavailableError } from '../../retrieval.errors';

export interface CohereRerankerOptions {
  apiKey: string;
  baseUrl?: string;
  model: string;
  timeoutMs?: number;
}

/** The SDK maps `relevance_score` to `relevanceScore` and does not validate: check it ourselves. */
const rerankResponse = z.object({
  results: z.array(z.object({ index: z.number().int().min(0), relevanceScore: z.number() })),
});

/**
 * Cohere rerank v2 (`POST /v2/rerank {model, query, documents, top_n}`). One attempt: a query is
 * interactive, so a 429 goes straight back to the client with Cohere's Retry-After.
 */
export class CohereReranker implements Reranker {
  readonly model: string;
  private readonly client: CohereClientV2;
  private readonly timeoutMs: number;

  constructor(options: CohereRerankerOptions) {
    this.model = options.model;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.client = new CohereClientV2({
      token: options.apiKey,
      environment: options.baseUrl,
      maxRetries: 0,
    });
  }

  async rerank(query: string, documents: string[], topN: number): Promise<RerankResult[]> {
    if (documents.length === 0) return [];
    const deadline = AbortSignal.timeout(this.timeoutMs);
    let data: unknown;
    try {
      data = await this.client.rerank(
        { model: this.model, query, documents, topN: Math.min(topN, documents.length) },
        { maxRetries: 0, abortSignal: deadline, timeoutInSeconds: (this.timeoutMs + 100) / 1000 },
      );
    } catch (error) {
      const failure = classifyCohereError(error, deadline.aborted, this.timeoutMs);
      const options = { cause: error, retryAfterSeconds: failure.retryAfterSeconds };
      const message = failure.message.replace('Cohere', 'Cohere rerank');
      throw failure.kind === 'rate-limited'
        ? new RerankerRateLimitedError(message, options)
        : new RerankerUnavailableError(message, options);
    }
    const parsed = rerankResponse.safeParse(data);
    if (!parsed.success || parsed.data.results.some((r) => r.index >= documents.length)) {
      throw new RerankerUnavailableError('Cohere rerank answered a malformed result list');
    }
    return parsed.data.results
      .map((result) => ({ index: result.index, score: result.relevanceScore }))
      .sort((a, b) => b.score - a.score);
  }
}
