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
import { startBenchService } from '../service/ragline-service';
import { countChangedChunks, type PhaseCost } from './edit-workload.phase';
import { measureFreshness, type FreshnessResult } from './freshness.phase';
import { runRevocation, type RevocationResult } from './revocation.phase';
import { measureQueryGrid, queryTexts, type QueryCell } from './query-load.phase';
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
  revocation?: RevocationResult;
  queries: QueryCell[];
  /** `editCount` single-paragraph edits at the full library size. */
  editCost?: EditCost;
  rss: { apiMiB?: number; workerMiB: (number | undefined)[] };
}

/**
 * Ragline end to end in one service (1 api + 1 worker): ingest, the edit and delete workloads
 * (each verified against a fresh chunking), freshness under steady updates, revocation under
 * steady ACL changes, then query load on a library topped up to the target chunk count.
 */
export async function runMain(
  options: BenchOptions,
  chunker: Chunker,
  pool: readonly string[],
  work: Workloads,
  log: (message: string) => void,
): Promise<MainRunResult> {
  const service = await startBenchService(options);
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
    const revocation = options.skip.has('revocation')
      ? undefined
      : await runRevocation(
          client,
          work.corpus,
          { rate: options.freshnessRate, seconds: options.freshnessSeconds },
          log,
        );
    const queries: QueryCell[] = [];
    if (!options.skip.has('query')) {
      const texts = queryTexts(pool, 500);
      let have = await chunkCount(chunker, state.values());
      for (const size of options.queryChunks) {
        if (size < have) {
          // The ingested library is already larger: measure this size on a fresh service.
          queries.push(...(await queriesOnFreshLibrary(options, chunker, pool, texts, size, log)));
          continue;
        }
        have = await topUp(service.dataDir, chunker, pool, options, have, size);
        log(`ragline: query load at ${have} chunks`);
        queries.push(...(await measureQueryGrid(client, texts, options, have)));
      }
    }
    return {
      ingest: ingest.write,
      chunks: ingest.cost.expectedChunks,
      phases: [ingest.cost, edit.cost, del.cost],
      changedChunks: changed,
      freshness,
      revocation,
      queries,
      editCost,
      rss: service.peakRss(),
    };
  } finally {
    await service.stop();
  }
}

/** The query grid on a service whose library holds only `size` filler chunks. */
async function queriesOnFreshLibrary(
  options: BenchOptions,
  chunker: Chunker,
  pool: readonly string[],
  texts: readonly string[],
  size: number,
  log: (message: string) => void,
): Promise<QueryCell[]> {
  const service = await startBenchService(options);
  try {
    const chunks = await topUp(service.dataDir, chunker, pool, options, 0, size);
    log(`ragline: query load at ${chunks} chunks (fresh library)`);
    return await measureQueryGrid(new RaglineClient(service.baseUrl), texts, options, chunks);
  } finally {
    await service.stop();
  }
}

/** Adds filler documents' chunks straight to the table until it holds `target` chunks. */
async function topUp(
  dataDir: string,
  chunker: Chunker,
  pool: readonly string[],
  options: BenchOptions,
  have: number,
  target: number,
): Promise<number> {
  const missing = target - have;
  if (missing <= 0) return have;
  // Filler vectors come from the hash embedder even with --embedder local: the query test measures
  // search latency at a library size, which the vector values barely affect; embedding 100k
  // chunks with the model would take over an hour.
  const dimensions = options.embedder === 'local' ? 512 : 384;
  // Ids and texts depend on `have`, so a second top-up of one library adds new points.
  const filler = generateCorpus(pool, {
    count: Math.ceil(missing / 3),
    seed: options.seed + 7 + have,
  }).map((d) => ({
    ...d,
    id: d.id.replace('bench/doc-', `bench/filler-${have}-`),
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
