import type { Config } from '@ragline/config';
import { ErrorCode, RaglineError } from '@ragline/errors';
import type { Embedder } from './embedder.port';
import { HashEmbedder } from './adapters/hash/hash-embedder.adapter';

/** Builds the embedder that EMBEDDER selects. */
export async function createEmbedder(config: Config): Promise<Embedder> {
  switch (config.EMBEDDER) {
    case 'hash':
      return new HashEmbedder(config.EMBEDDING_DIMENSIONS);
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
