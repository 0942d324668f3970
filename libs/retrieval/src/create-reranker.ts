import type { Config } from '@ragline/config';
import { CohereReranker } from './adapters/cohere/cohere-reranker.adapter';
import type { Reranker } from './reranker.port';

/** Cohere rerank when COHERE_API_KEY is set; null otherwise (`rerank: true` is then a 400). */
export function createReranker(config: Config): Reranker | null {
  if (!config.COHERE_API_KEY) return null;
  return new CohereReranker({
    apiKey: config.COHERE_API_KEY,
    baseUrl: config.COHERE_BASE_URL,
    model: config.COHERE_RERANK_MODEL,
  });
}
