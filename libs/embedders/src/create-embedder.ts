import type { Config } from '@ragline/config';
import { ErrorCode, RaglineError } from '@ragline/errors';
import type { Embedder, SparseEncoder } from './embedder.port';
import { HashEmbedder } from './adapters/hash/hash-embedder.adapter';
import { CohereEmbedder } from './adapters/cohere/cohere-embedder.adapter';
import { LocalEmbedder } from './adapters/local/local-embedder.adapter';
import { TransformersEmbedder } from './adapters/transformers/transformers-embedder.adapter';
import { Bm25SparseEncoder } from './sparse/bm25-sparse-encoder';

/** What a library asks for: an embedder kind, and for some kinds a model or a vector size. */
export interface EmbedderSpec {
  kind: 'hash' | 'local' | 'cohere' | 'transformers';
  /** Cohere: the model (COHERE_EMBED_MODEL by default). Others: fixed by the deployment. */
  model?: string;
  /** hash: the vector size (EMBEDDING_DIMENSIONS by default). Others: fixed by the model. */
  dimensions?: number;
}

/** Builds the embedder that EMBEDDER selects. */
export async function createEmbedder(config: Config): Promise<Embedder> {
  return createEmbedderFor({ kind: config.EMBEDDER }, config);
}

/** Builds an embedder of `spec`; what it needs beyond the spec (keys, paths) comes from config. */
export async function createEmbedderFor(spec: EmbedderSpec, config: Config): Promise<Embedder> {
  switch (spec.kind) {
    case 'hash':
      return new HashEmbedder(spec.dimensions ?? config.EMBEDDING_DIMENSIONS);
    case 'local':
      return LocalEmbedder.create();
    case 'cohere':
      return CohereEmbedder.create({
        apiKey: configured(config.COHERE_API_KEY, 'COHERE_API_KEY', 'cohere'),
        baseUrl: config.COHERE_BASE_URL,
        model: spec.model ?? config.COHERE_EMBED_MODEL,
        maxRequestsPerSecond: config.COHERE_MAX_RPS,
      });
    case 'transformers':
      return TransformersEmbedder.create(
        configured(config.EMBEDDING_MODEL_PATH, 'EMBEDDING_MODEL_PATH', 'transformers'),
      );
  }
}

/** The spec an embedder key (`kind:model:dimensions`) was made from. */
export function specOfKey(key: string): EmbedderSpec {
  const first = key.indexOf(':');
  const last = key.lastIndexOf(':');
  const kind = key.slice(0, first);
  if (first < 0 || last <= first || !['hash', 'local', 'cohere', 'transformers'].includes(kind)) {
    throw new RaglineError(ErrorCode.EmbedderMismatch, `"${key}" is not an embedder key.`);
  }
  return {
    kind: kind as EmbedderSpec['kind'],
    model: key.slice(first + 1, last),
    dimensions: Number(key.slice(last + 1)),
  };
}

/** The lexical side of hybrid search: BM25 with Porter stemming (see Bm25SparseEncoder). */
export function createSparseEncoder(): SparseEncoder {
  return new Bm25SparseEncoder();
}

/** A setting the embedder needs: absent, this deployment cannot make that embedder. */
function configured(value: string | undefined, field: string, kind: string): string {
  if (value) return value;
  throw new RaglineError(
    ErrorCode.FeatureNotConfigured,
    `the ${kind} embedder needs ${field}, which this deployment does not set`,
    { field: 'embedder' },
  );
}
