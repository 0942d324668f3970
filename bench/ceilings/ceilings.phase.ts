import type { Chunker } from '@ragline/chunking';
import { HashEmbedder, LocalEmbedder, embedderKey, type Embedder } from '@ragline/embedders';
import type { BenchOptions } from '../cli/bench-options';
import { renderDocument, type BenchDocument } from '../corpus/corpus-generator';
import { preparePoints } from '../corpus/prepared-points';
import { measureQueueCeiling } from './bullmq-ceiling';
import { measureEmbedderCeiling } from './embedder-ceiling';
import { measureStoreCeiling, type ThroughputCeiling } from './store-ceiling';

export interface Ceilings {
  queue: ThroughputCeiling;
  store: ThroughputCeiling;
  /** Texts per second of the embedder the service ran with. */
  embedder: ThroughputCeiling;
  /** Documents per second each ceiling allows (embedder: texts/s over chunks per document). */
  docsPerSecond: { queue: number; store: number; embedder: number };
}

/** The embedder the service's worker builds (createEmbedder's defaults). */
export async function benchEmbedder(kind: 'hash' | 'local'): Promise<Embedder> {
  return kind === 'local' ? LocalEmbedder.create() : new HashEmbedder(384);
}

/** Raw throughput of each stage the pipeline is made of, on the same documents and Redis. */
export async function measureCeilings(
  options: BenchOptions,
  chunker: Chunker,
  corpus: readonly BenchDocument[],
  log: (message: string) => void,
): Promise<Ceilings> {
  log('ceilings: queue');
  const queue = await measureQueueCeiling(
    options.redisUrl,
    corpus.length,
    options.workerConcurrency,
    options.clientConcurrency,
  );
  const embedder = await benchEmbedder(options.embedder);
  try {
    const texts: string[] = [];
    for (const document of corpus) {
      for (const chunk of await chunker.split(renderDocument(document))) texts.push(chunk.text);
    }
    log('ceilings: embedder');
    const { ceiling: embed, vectors } = await measureEmbedderCeiling(
      embedder,
      texts,
      options.workerConcurrency,
    );
    const cached = async (batch: string[]) => batch.map((text) => vectors.get(text) ?? []);
    const points = await preparePoints(chunker, cached, 'default', corpus);
    const spec = {
      name: 'default',
      dense: { size: embedder.id.dimensions, distance: 'cosine' as const },
      sparse: true,
      embedder: embedderKey(embedder.id),
    };
    log('ceilings: store');
    const store = await measureStoreCeiling(spec, points, options.workerConcurrency);
    const chunksPerDocument = texts.length / corpus.length;
    return {
      queue,
      store,
      embedder: embed,
      docsPerSecond: {
        queue: queue.perSecond,
        store: store.perSecond,
        embedder: embed.perSecond / chunksPerDocument,
      },
    };
  } finally {
    await embedder.close();
  }
}
