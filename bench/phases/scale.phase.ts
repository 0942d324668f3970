import type { Chunker } from '@ragline/chunking';
import { editDocuments, type BenchDocument } from '../corpus/corpus-generator';
import type { BenchOptions } from '../cli/bench-options';
import { startBenchService, type RunningService } from '../service/ragline-service';
import { countChangedChunks } from './edit-workload.phase';
import { applyAndVerify, type CorpusState } from './ragline-run.phase';

export interface ScaleRun {
  workers: number;
  documents: number;
  wallMs: number;
  docsPerSecond: number;
  stale: number;
  missing: number;
}

export interface EditCost {
  libraryDocuments: number;
  edits: number;
  wallMs: number;
  textsEmbedded: number;
  changedChunks: number;
}

/**
 * `options.editCount` single-paragraph edits applied to a service already holding `state` (the
 * same seed at every library size, so the two sizes edit alike).
 */
export async function measureEditCost(
  service: RunningService,
  chunker: Chunker,
  state: CorpusState,
  pool: readonly string[],
  options: Pick<BenchOptions, 'editCount' | 'seed'>,
  log: (line: string) => void,
): Promise<EditCost> {
  log(`sizes: ${options.editCount} edits at ${state.size} docs`);
  const edits = editDocuments([...state.values()], pool, options.editCount, options.seed + 3);
  const changed = await countChangedChunks(chunker, new Map(state), edits);
  const { cost } = await applyAndVerify(service, chunker, state, 'edits', edits, {
    kind: 'put',
    concurrency: 32,
    deadlineMs: 300_000,
  });
  return {
    libraryDocuments: state.size,
    edits: edits.length,
    wallMs: cost.wallMs,
    textsEmbedded: cost.textsEmbedded,
    changedChunks: changed,
  };
}

/**
 * The same ingest with 1, 2, 4... worker processes, each on a fresh service. The 1-worker run
 * also measures the edit cost at this (smaller) library size.
 */
export async function runScale(
  options: BenchOptions,
  chunker: Chunker,
  pool: readonly string[],
  documents: readonly BenchDocument[],
  log: (message: string) => void,
): Promise<{ runs: ScaleRun[]; editCost?: EditCost }> {
  const runs: ScaleRun[] = [];
  let editCost: EditCost | undefined;
  for (const workers of options.workerCounts) {
    log(`scale: ${documents.length} docs with ${workers} worker(s)`);
    const service = await startBenchService(options, workers);
    try {
      const state: CorpusState = new Map();
      const { cost } = await applyAndVerify(service, chunker, state, 'ingest', documents, {
        kind: 'put',
        concurrency: options.clientConcurrency,
        deadlineMs: 900_000,
      });
      runs.push({
        workers,
        documents: documents.length,
        wallMs: cost.wallMs,
        docsPerSecond: (documents.length * 1000) / cost.wallMs,
        stale: cost.stale,
        missing: cost.missing,
      });
      if (workers === 1 && !options.skip.has('sizes')) {
        editCost = await measureEditCost(service, chunker, state, pool, options, log);
      }
    } finally {
      await service.stop();
    }
  }
  return { runs, editCost };
}
