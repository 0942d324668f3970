import { HashEmbedder } from '@ragline/embedders';
import type { Chunker } from '@ragline/chunking';
import {
  editDocuments,
  generateCorpus,
  pickDistinct,
  type BenchDocument,
} from '../corpus/corpus-generator';
import { seededRandom } from '../corpus/prng';
import { preparePoints } from '../corpus/prepared-points';
import type { BenchOptions } from '../cli/bench-options';
import { addFillerPoints } from '../service/library-reader';
import { RaglineClient } from '../service/ragline-client';
import { startService } from '../service/ragline-service';
import { countChangedChunks, type PhaseCost } from './edit-workload.phase';
import { measureFreshness, type FreshnessResult } from './freshness.phase';
import { measureQueries, queryTexts, type QueryCell, type SearchMode } from './query-load.phase';
import { applyAndVerify, chunkCount, type CorpusState } from './ragline-run.phase';
import type { WriteResult } from './ingest.phase';
import { waitForEvents } from './wait-for-events';
import { measureEditCost, type EditCost } from './scale.phase';

export interface Workloads {
  corpus: BenchDocument[];
  /** 10% of documents, one paragraph changed each. */
  edits: BenchDocument[];
  /** 1% of documents (after the edits). */
  deletes: BenchDocument[];
}

export function buildWorkloads(pool: readonly string[], options: BenchOptions): Workloads {
  const corpus = generateCorpus(pool, { count: options.docs, seed: options.seed });
  const edits = editDocuments(
    corpus,
    pool,
    Math.max(1, Math.round(options.docs * 0.1)),
    options.seed + 1,
  );
  const random = seededRandom(options.seed + 2);
  const deletes = pickDistinct(
    random,
    corpus.length,
    Math.max(1, Math.round(options.docs * 0.01)),
  ).map((i) => corpus[i]);
  return { corpus, edits, deletes };
}

export interface MainRunResult {
  ingest: WriteResult;
  chunks: number;
  phases: PhaseCost[];
  changedChunks: number;
  freshness?: FreshnessResult;
  queryChunks?: number;
  queries: QueryCell[];
  /** `editCount` single-paragraph edits at the full library size. */
  editCost?: EditCost;
  rss: { apiMiB?: number; workerMiB: (number | undefined)[] };
}

/**
 * Ragline end to end in one service (1 api + 1 worker): ingest, the edit and delete workloads
 * (each verified against a fresh chunking), freshness under steady updates, then query load on
 * a library topped up to the target chunk count.
 */
export async function runMain(
  options: BenchOptions,
  chunker: Chunker,
  pool: readonly string[],
  work: Workloads,
  log: (message: string) => void,
): Promise<MainRunResult> {
  const service = await startService({
    workers: 1,
    embedder: options.embedder,
    redisUrl: options.redisUrl,
    workerConcurrency: options.workerConcurrency,
  });
  try {
    const state: CorpusState = new Map();
    const write = { concurrency: options.clientConcurrency, deadlineMs: 900_000 };
    log(`ragline: ingesting ${work.corpus.length} documents`);
    const ingest = await applyAndVerify(service, chunker, state, 'ingest', work.corpus, {
      ...write,
      kind: 'put',
    });
    const before = new Map(state);
    const changed = await countChangedChunks(chunker, before, work.edits);
    log(`ragline: editing ${work.edits.length} documents`);
    const edit = await applyAndVerify(service, chunker, state, 'edit 10%', work.edits, {
      ...write,
      kind: 'put',
    });
    log(`ragline: deleting ${work.deletes.length} documents`);
    const del = await applyAndVerify(service, chunker, state, 'delete 1%', work.deletes, {
      ...write,
      kind: 'delete',
    });
    let editCost: EditCost | undefined;
    if (!options.skip.has('sizes')) {
      editCost = await measureEditCost(service, chunker, state, pool, options, log);
    }
    const client = new RaglineClient(service.baseUrl);
    let freshness: FreshnessResult | undefined;
    if (!options.skip.has('freshness')) {
      log(`ragline: freshness at ${options.freshnessRate}/s for ${options.freshnessSeconds} s`);
      freshness = await measureFreshness(
        client,
        [...state.values()],
        options.freshnessRate,
        options.freshnessSeconds,
      );
      // The query test must not share the CPU with a freshness backlog still being applied.
      log('ragline: waiting for the freshness backlog to drain');
      await waitForEvents(client, freshness.eventIds, Date.now() + 300_000);
    }
    const queries: QueryCell[] = [];
    let queryChunks: number | undefined;
    if (!options.skip.has('query')) {
      queryChunks = await topUp(
        service.dataDir,
        chunker,
        pool,
        options,
        await chunkCount(chunker, state.values()),
      );
      log(`ragline: query load at ${queryChunks} chunks`);
      const texts = queryTexts(pool, 500);
      for (const mode of ['hybrid', 'dense', 'sparse'] as SearchMode[]) {
        for (const concurrency of options.queryConcurrency) {
          queries.push(
            await measureQueries(client, texts, mode, concurrency, options.querySeconds),
          );
        }
      }
    }
    return {
      ingest: ingest.write,
      chunks: ingest.cost.expectedChunks,
      phases: [ingest.cost, edit.cost, del.cost],
      changedChunks: changed,
      freshness,
      queryChunks,
      queries,
      editCost,
      rss: service.peakRss(),
    };
  } finally {
    await service.stop();
  }
}

/** Adds filler documents' chunks straight to the table until it holds `options.queryChunks`. */
async function topUp(
  dataDir: string,
  chunker: Chunker,
  pool: readonly string[],
  options: BenchOptions,
  have: number,
): Promise<number> {
  const missing = options.queryChunks - have;
  if (missing <= 0) return have;
  // Filler vectors come from the hash embedder even with --embedder local: the query test measures
  // search latency at a library size, which the vector values barely affect; embedding 100k
  // chunks with the model would take over an hour.
  const dimensions = options.embedder === 'local' ? 512 : 384;
  const filler = generateCorpus(pool, {
    count: Math.ceil(missing / 3),
    seed: options.seed + 7,
  }).map((d) => ({
    ...d,
    id: d.id.replace('bench/doc-', 'bench/filler-'),
  }));
  const points = (
    await preparePoints(
      chunker,
      (texts) => new HashEmbedder(dimensions).embedDocuments(texts),
      'default',
      filler,
    )
  ).flat();
  await addFillerPoints(dataDir, points.slice(0, missing));
  return have + Math.min(missing, points.length);
}
