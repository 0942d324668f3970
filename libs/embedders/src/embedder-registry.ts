import type { Config } from '@ragline/config';
import { ErrorCode, RaglineError } from '@ragline/errors';
import type { Metrics } from '@ragline/metrics';
import { createEmbedderFor, specOfKey, type EmbedderSpec } from './create-embedder';
import { embedderKey, type Embedder } from './embedder.port';
import { EmbeddingLanes } from './embedding-lanes';
import { InstrumentedEmbedder } from './instrumented-embedder';

/**
 * The embedders of this process, one per embedding space: the deployment's default (EMBEDDER),
 * and whatever else a library was built with or a reindex migrates to. Each is created once,
 * measured, and shares the process's embedding lanes (live work before bulk work).
 */
export class EmbedderRegistry {
  private readonly embedders = new Map<string, Promise<Embedder>>();

  constructor(
    private readonly config: Config,
    private readonly metrics: Metrics,
    readonly lanes: EmbeddingLanes,
    readonly defaultEmbedder: Embedder,
  ) {
    this.embedders.set(embedderKey(defaultEmbedder.id), Promise.resolve(defaultEmbedder));
  }

  /** The embedder of a library's recorded key: queries and writes embed in its space only. */
  async forKey(key: string): Promise<Embedder> {
    const known = this.embedders.get(key);
    if (known) return known;
    const embedder = await this.forSpec(specOfKey(key));
    const made = embedderKey(embedder.id);
    if (made !== key) {
      throw new RaglineError(
        ErrorCode.EmbedderMismatch,
        `This deployment makes ${made} where the library was built with ${key}; reindex the library with an embedder the deployment has.`,
      );
    }
    return embedder;
  }

  /** The embedder of a spec (a reindex's new embedder), created on first use. */
  async forSpec(spec: EmbedderSpec): Promise<Embedder> {
    const specKey = `spec:${JSON.stringify(this.normalise(spec))}`;
    let pending = this.embedders.get(specKey);
    if (!pending) {
      pending = (async () => {
        const made = await createEmbedderFor(spec, this.config);
        const key = embedderKey(made.id);
        const known = this.embedders.get(key);
        if (known) {
          await made.close();
          return known;
        }
        const wrapped: Embedder = new InstrumentedEmbedder(made, this.metrics, this.lanes);
        this.embedders.set(key, Promise.resolve(wrapped));
        return wrapped;
      })();
      this.embedders.set(specKey, pending);
      pending.catch(() => this.embedders.delete(specKey));
    }
    return pending;
  }

  /** The spec with the deployment's defaults filled in: equal specs, one embedder. */
  private normalise(spec: EmbedderSpec): EmbedderSpec {
    switch (spec.kind) {
      case 'hash':
        return { kind: 'hash', dimensions: spec.dimensions ?? this.config.EMBEDDING_DIMENSIONS };
      case 'cohere':
        return { kind: 'cohere', model: spec.model ?? this.config.COHERE_EMBED_MODEL };
      default:
        return { kind: spec.kind };
    }
  }

  async close(): Promise<void> {
    const all = await Promise.allSettled(this.embedders.values());
    const unique = new Set(all.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
    await Promise.all([...unique].map((embedder) => embedder.close()));
    this.embedders.clear();
  }
}
