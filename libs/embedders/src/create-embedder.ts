import type { Config } from '@ragline/config';
import { ErrorCode, RaglineError } from '@ragline/errors';
import type { Embedder, SparseEncoder } from './embedder.port';
import { HashEmbedder } from './adapters/hash/hash-embedder.adapter';
import { CohereEmbedder } from './adapters/cohere/cohere-embedder.adapter';
import { LocalEmbedder } from './adapters/local/local-embedder.adapter';
import { TransformersEmbedder } from './adapters/transformers/transformers-embedder.adapter';
import { Bm25SparseEncoder } from './sparse/bm25-sparse-encoder';

/** Builds the embedder that EMBEDDER selects. */
export async function createEmbedder(config: Config): Promise<Embedder> {
  switch (config.EMBEDDER) {
    case 'hash':
      return new HashEmbedder(config.EMBEDDING_DIMENSIONS);
    case 'local':
      return LocalEmbedder.create();
    case 'cohere':
      return CohereEmbedder.create({
        apiKey: required(config.COHERE_API_KEY, 'COHERE_API_KEY'),
        baseUrl: config.COHERE_BASE_URL,
        model: config.COHERE_EMBED_MODEL,
        maxRequestsPerSecond: config.COHERE_MAX_RPS,
      });
    case 'transformers':
      return TransformersEmbedder.create(
        required(config.EMBEDDING_MODEL_PATH, 'EMBEDDING_MODEL_PATH'),
      );
    default:
      throw new RaglineError(
        ErrorCode.FeatureNotConfigured,
        `EMBEDDER=${config.EMBEDDER} is not available yet`,
        {
          field: 'EMBEDDER',
        },
      );
  }
}

/** The lexical side of hybrid search: BM25 with Porter stemming (see Bm25SparseEncoder). */
export function createSparseEncoder(): SparseEncoder {
  return new Bm25SparseEncoder();
}

/** loadConfig already demands these for the embedder that needs them; this keeps types honest. */
function required(value: string | undefined, field: string): string {
  if (value) return value;
  throw new RaglineError(ErrorCode.ConfigInvalid, `${field} is required for EMBEDDER`, { field });
}
