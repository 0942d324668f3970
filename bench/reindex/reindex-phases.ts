import { performance } from 'node:perf_hooks';
import { DEFAULT_LIBRARY } from '@ragline/events';
import type { BenchDocument } from '../corpus/corpus-generator';
import { measureFreshness, type FreshnessResult } from '../phases/freshness.phase';
import { writeDocuments } from '../phases/ingest.phase';
import type { ReindexBody, ReindexClient, ReindexView } from './reindex-client';

/** Every phase works on the `default` library, the one the bench's freshness phase writes to. */
const LIBRARY = DEFAULT_LIBRARY;
const REINDEX_TIMEOUT_MS = 1_800_000;

export interface Throughput {
  documents: number;
  chunks: number;
  seconds: number;
  docsPerSecond: number;
  chunksPerSecond: number;
}

export interface ReindexResult extends Throughput {
  run: ReindexView;
  /** POST 202 until the client saw `completed` (the server's startedAt -> finishedAt is `seconds`). */
  clientSeconds: number;
}

function throughput(documents: number, chunks: number, seconds: number): Throughput {
  return {
    documents,
    chunks,
    seconds,
    docsPerSecond: documents / seconds,
    chunksPerSecond: chunks / seconds,
  };
}

/** A fresh library loaded with `corpus`: from the first PUT until every event is final. */
export async function measureIngest(
  client: ReindexClient,
  corpus: readonly BenchDocument[],
): Promise<Throughput> {
  const write = await writeDocuments(client, corpus, { concurrency: 32, deadlineMs: 900_000 });
  if (write.outcomes.completed !== corpus.length)
    throw new Error(`ingest: ${write.outcomes.completed} of ${corpus.length} events completed`);
  const { chunks } = await client.libraryDetail(LIBRARY);
  return throughput(corpus.length, chunks, write.wallMs / 1000);
}

/** Starts a reindex and waits until it is final; anything but `completed` is an error. */
export async function runReindex(client: ReindexClient, body: ReindexBody): Promise<ReindexResult> {
  const sent = performance.now();
  const id = await client.startReindex(LIBRARY, body);
  return finishReindex(client, id, sent);
}

async function finishReindex(
  client: ReindexClient,
  id: string,
  sent: number,
): Promise<ReindexResult> {
  const run = await client.waitForRun(LIBRARY, id, [], REINDEX_TIMEOUT_MS);
  const clientSeconds = (performance.now() - sent) / 1000;
  if (run.status !== 'completed' || !run.startedAt || !run.finishedAt)
    throw new Error(`reindex ${id} ended ${run.status}: ${run.message ?? ''}`);
  const seconds = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
  const { chunks } = await client.libraryDetail(LIBRARY);
  return { ...throughput(run.counts.scanned, chunks, seconds), run, clientSeconds };
}

export interface FreshnessUnderReindex {
  freshness: FreshnessResult;
  reindex: ReindexResult;
  /** Live changes sent while the run was `running` (the rest came after its swap). */
  sentWhileRunning: number;
}

/**
 * Starts a reindex, and once it is `running` sends live changes at `rate` for `seconds`. Counts
 * how many were sent before the run finished, so the caller can tell whether the freshness
 * figures are really "with a reindex running".
 */
export async function measureFreshnessUnderReindex(
  client: ReindexClient,
  corpus: readonly BenchDocument[],
  body: ReindexBody,
  load: { rate: number; seconds: number },
): Promise<FreshnessUnderReindex> {
  const sent = performance.now();
  const id = await client.startReindex(LIBRARY, body);
  const running = await client.waitForRun(LIBRARY, id, ['running'], 60_000);
  if (running.status !== 'running')
    throw new Error(`reindex ${id} was ${running.status} before any live change was sent`);
  const loadStarted = Date.now();
  const freshness = await measureFreshness(client, corpus, load.rate, load.seconds);
  const reindex = await finishReindex(client, id, sent);
  const runningMs = Date.parse(reindex.run.finishedAt ?? '') - loadStarted;
  const sentWhileRunning = Math.min(
    freshness.updates,
    Math.max(0, Math.ceil((runningMs / 1000) * load.rate)),
  );
  return { freshness, reindex, sentWhileRunning };
}
