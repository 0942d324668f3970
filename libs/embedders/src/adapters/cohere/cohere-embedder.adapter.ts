import type { Embedder, EmbedderId } from '../../embedder.port';
import { EmbedderBadResponseError } from '../../embedders.errors';
import {
  CohereEmbedClient,
  CohereEmbedClientOptions,
  CohereInputType,
} from './cohere-embed-client';

/** Cohere's documented maximum of texts per embed call. */
export const COHERE_MAX_TEXTS_PER_CALL = 96;

/** Output size of Cohere's embed models (v4 at its default `output_dimension`). */
export const COHERE_MODEL_DIMENSIONS: Readonly<Record<string, number>> = {
  'embed-english-v3.0': 1024,
  'embed-multilingual-v3.0': 1024,
  'embed-english-light-v3.0': 384,
  'embed-multilingual-light-v3.0': 384,
  'embed-v4.0': 1536,
};

export interface CohereEmbedderOptions extends Omit<CohereEmbedClientOptions, 'model'> {
  /** Defaults to `embed-english-v3.0` (1024-d). */
  model?: string;
  /** Needed only for a model missing from COHERE_MODEL_DIMENSIONS; else learnt by a probe call. */
  dimensions?: number;
}

/**
 * Cohere embeddings (v2 API): documents as `search_document`, queries as `search_query`, in calls
 * of at most 96 texts. Every vector is checked for count, size and numbers, because the SDK passes
 * malformed answers through. Errors: see CohereEmbedClient.
 */
export class CohereEmbedder implements Embedder {
  readonly id: EmbedderId;
  readonly maxBatchSize = COHERE_MAX_TEXTS_PER_CALL;

  private constructor(
    private readonly client: CohereEmbedClient,
    model: string,
    readonly dimensions: number,
  ) {
    this.id = { kind: 'cohere', model, dimensions };
  }

  /**
   * Builds the embedder. The dimension comes from `options.dimensions`, the known-model table, or
   * (unknown model) one probe call, so `id` is fixed before the first real vector is stored.
   */
  static async create(options: CohereEmbedderOptions): Promise<CohereEmbedder> {
    const model = options.model ?? 'embed-english-v3.0';
    const client = new CohereEmbedClient({ ...options, model });
    let dimensions = options.dimensions ?? COHERE_MODEL_DIMENSIONS[model];
    if (dimensions === undefined) {
      const [probe] = await client.embed(['dimension probe'], 'search_query');
      dimensions = probe.length;
      if (dimensions === 0) throw new EmbedderBadResponseError('Cohere returned an empty vector');
    }
    return new CohereEmbedder(client, model, dimensions);
  }

  async embedDocuments(texts: readonly string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    // Sequential: keeps order trivially and stays under the rate limit; workers run jobs in parallel.
    for (let start = 0; start < texts.length; start += COHERE_MAX_TEXTS_PER_CALL) {
      const batch = texts.slice(start, start + COHERE_MAX_TEXTS_PER_CALL);
      vectors.push(...(await this.embed(batch, 'search_document')));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embed([text], 'search_query');
    return vector;
  }

  async close(): Promise<void> {}

  private async embed(texts: readonly string[], inputType: CohereInputType): Promise<number[][]> {
    const vectors = await this.client.embed(texts, inputType);
    for (const [i, vector] of vectors.entries()) {
      if (vector.length !== this.dimensions) {
        throw new EmbedderBadResponseError(
          `Cohere returned a ${vector.length}-d vector (text ${i}) where ${this.id.model} gives ${this.dimensions}-d`,
        );
      }
    }
    return vectors;
  }
}
