import { Logger } from '@nestjs/common';
import type { Library, LibraryCatalog, LibraryVersion } from '@ragline/catalog';
import type { EmbeddingLanes } from '@ragline/embedders';
import { describeError, isRaglineError, isRetryable } from '@ragline/errors';
import { libraryKey } from '@ragline/events';
import type { DocumentSyncService } from '@ragline/ingestion';
import type { Metrics } from '@ragline/metrics';
import type { ReindexJob, SyncQueue } from '@ragline/queue';
import type { DocumentRegistry } from '@ragline/registry';
import type { RetrievalService } from '@ragline/retrieval';
import { CollectionNotFoundError, READ_ALL } from '@ragline/vector-store';
import { isNotWorse, meanScores, overlapAt10, scoreRanking } from './evaluation';
import type { QueryLog } from './query-log.port';
import type { Comparison, ReindexRun } from './reindex-run';
import type { ReindexStore } from './reindex-store.port';
import { liveVersion, type ReindexService } from './reindex.service';

export interface ReindexRunnerDeps {
  runs: ReindexStore;
  service: ReindexService;
  catalog: LibraryCatalog;
  registry: DocumentRegistry;
  queue: SyncQueue;
  sync: DocumentSyncService;
  retrieval: RetrievalService;
  lanes: EmbeddingLanes;
  queries: QueryLog;
  /** Queues a sweep of a source (SourceService.trigger); false when the source is gone. */
  sweepSource: (library: Library, sourceId: string) => Promise<boolean>;
  metrics: Metrics;
  batchSize: number;
}

/** Documents of one batch rebuilt at once: the embedder lanes bound the real parallelism. */
const BATCH_PARALLELISM = 4;
/** Longest a rebuild waits for live work of this process to finish before it goes anyway. */
const LIVE_YIELD_MS = 250;
/** Logged queries compared when a run has no eval set. */
const LOGGED_QUERIES = 50;
/** Chunks retrieved per eval query: enough for 10 distinct documents in most libraries. */
const EVAL_CHUNKS = 30;

/**
 * The worker side of a reindex, three kinds of job: the plan (create the version, make live
 * changes write to it, list the documents, queue the batches as one flow), the batches (rebuild
 * each document from its applied content, in the bulk embedding lane), and the finish (check the
 * counts, compare if asked, swap or stop at `ready`). Every job is safe to run twice.
 */
export class ReindexRunner {
  private readonly logger = new Logger('reindex');

  constructor(private readonly deps: ReindexRunnerDeps) {}

  async handle(job: ReindexJob): Promise<Record<string, unknown>> {
    const run = await this.deps.runs.get(job.library, job.reindexId);
    if (!run) return { result: 'gone' };
    const library = await this.deps.catalog.get(job.library);
    // A library being deleted takes its runs, versions and queues with it.
    if (!library || library.status !== 'active') return { result: 'library-gone' };
    switch (job.kind) {
      case 'plan':
        return this.plan(library, run);
      case 'batch':
        return this.batch(library, run, job.documentIds, job.finalAttempt);
      case 'finish':
        return this.finish(library, run);
    }
  }

  private async plan(library: Library, run: ReindexRun): Promise<Record<string, unknown>> {
    const { service, catalog, runs, registry, queue } = this.deps;
    if (run.status !== 'queued' && run.status !== 'running') return { result: run.status };
    if (run.status === 'queued' && library.version !== run.from.version) {
      await service.fail(library, run, 'The live version changed before the run started.');
      return { result: 'failed' };
    }
    await service.createVersion(library, run.target);
    const updated =
      library.building?.reindexId === run.id
        ? library
        : await catalog.saveVersions(library, {
            live: liveVersion(library),
            building: { ...run.target, reindexId: run.id },
            ...(library.previous ? { previous: library.previous } : {}),
          });
    // From here every commit must have written to the new version too: content read after this
    // point is either copied there by its live sync, or rebuilt by a batch (see docs/decisions/0005).
    await service.setTargets(updated);
    if (run.status === 'queued') {
      for (const sourceId of run.sources ?? []) await this.deps.sweepSource(library, sourceId);
    }
    const ids: string[] = [];
    for (let after: string | undefined; ;) {
      const page = await registry.listDocumentIds(library, after, 1000);
      ids.push(...page);
      if (page.length < 1000) break;
      after = page[page.length - 1];
    }
    if (run.status === 'queued') {
      const moved = await runs.transition(library, run.id, ['queued'], 'running', {
        startedAt: Date.now(),
        scanned: ids.length,
      });
      if (!moved.ok) {
        // Cancelled while planning: the version this job just made is dropped again.
        await service.discard(library, run);
        return { result: moved.status ?? 'gone' };
      }
    }
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += this.deps.batchSize) {
      batches.push(ids.slice(i, i + this.deps.batchSize));
    }
    await queue.enqueueReindexBatches(library, run.id, batches);
    this.logger.log(
      {
        library: libraryKey(library),
        reindexId: run.id,
        documents: ids.length,
        batches: batches.length,
      },
      `building version ${run.target.version}`,
    );
    return { result: 'planned', documents: ids.length, batches: batches.length };
  }

  private async batch(
    library: Library,
    run: ReindexRun,
    documentIds: readonly string[],
    finalAttempt: boolean,
  ): Promise<Record<string, unknown>> {
    const building = library.building;
    if (run.status !== 'running' || building?.reindexId !== run.id) return { result: run.status };
    const queue = [...documentIds];
    let cancelled = false;
    const work = async () => {
      for (let id = queue.shift(); id !== undefined && !cancelled; id = queue.shift()) {
        await this.deps.lanes.yieldToLive(LIVE_YIELD_MS);
        cancelled = !(await this.rebuildOne(library, run, building, id, finalAttempt));
      }
    };
    await this.deps.lanes.run('bulk', () =>
      Promise.all(Array.from({ length: BATCH_PARALLELISM }, work)),
    );
    return { result: cancelled ? 'cancelled' : 'rebuilt', documents: documentIds.length };
  }

  /** False when the version is gone (the run was cancelled or failed meanwhile). */
  private async rebuildOne(
    library: Library,
    run: ReindexRun,
    building: LibraryVersion & { reindexId: string },
    documentId: string,
    finalAttempt: boolean,
  ): Promise<boolean> {
    try {
      const rebuilt = await this.deps.sync.rebuild(library, building, documentId);
      await this.deps.runs.recordOutcome(library, run.id, documentId, rebuilt.result, {
        embedded: rebuilt.embedded,
      });
      this.deps.metrics.reindexDocument(library, rebuilt.result);
      return true;
    } catch (error) {
      if (error instanceof CollectionNotFoundError) return false;
      // Retryable (an embedder or the store out for a moment): the whole batch runs again; what
      // it already rebuilt is cheap the second time (the embedding cache) and counted once.
      if (isRetryable(error) && !finalAttempt) throw error;
      this.logger.warn(
        {
          library: libraryKey(library),
          reindexId: run.id,
          documentId,
          error: describeError(error),
        },
        'document not rebuilt',
      );
      await this.deps.runs.recordOutcome(library, run.id, documentId, 'failed', {
        embedded: 0,
        message: isRaglineError(error)
          ? `${error.code}: ${error.message}`
          : 'INTERNAL: the document could not be rebuilt (the worker log has the cause).',
      });
      this.deps.metrics.reindexDocument(library, 'failed');
      return true;
    }
  }

  private async finish(library: Library, run: ReindexRun): Promise<Record<string, unknown>> {
    const { service, runs } = this.deps;
    if (run.status === 'swapping') {
      await service.completeSwap(library, run);
      return { result: 'completed' };
    }
    if (run.status !== 'running') return { result: run.status };
    const { counts } = run;
    const done = counts.indexed + counts.unchanged + counts.deleted + counts.failed;
    if (counts.failed > 0 || done < counts.scanned) {
      const message =
        counts.failed > 0
          ? `${counts.failed} of ${counts.scanned} documents could not be rebuilt (see errors); the live version is unchanged.`
          : `${counts.scanned - done} of ${counts.scanned} documents were not rebuilt (a batch was lost); the live version is unchanged.`;
      await service.fail(library, run, message);
      return { result: 'failed' };
    }
    if (run.swap === 'manual') {
      const moved = await runs.transition(library, run.id, ['running'], 'ready', {
        builtAt: Date.now(),
        message: 'Built; POST .../swap makes it live, POST .../cancel drops it.',
      });
      if (moved.ok) this.deps.metrics.reindexRun(library, 'ready');
      return { result: 'ready' };
    }
    if (run.swap === 'auto') {
      const moved = await runs.transition(library, run.id, ['running'], 'swapping', {
        builtAt: Date.now(),
      });
      if (moved.ok) await service.completeSwap(library, run);
      return { result: 'completed' };
    }
    const comparing = await runs.transition(library, run.id, ['running'], 'comparing', {
      builtAt: Date.now(),
    });
    if (!comparing.ok) {
      return { result: 'moved' };
    }
    const comparison = await this.compare(library, run);
    if (comparison.notWorse) {
      const moved = await runs.transition(library, run.id, ['comparing'], 'swapping', {
        comparison,
      });
      if (moved.ok) await service.completeSwap(library, run);
      return { result: 'completed' };
    }
    const stopped = await runs.transition(library, run.id, ['comparing'], 'ready', {
      comparison,
      message: `Not swapped: ${comparison.summary} POST .../swap to swap anyway, or .../cancel.`,
    });
    if (stopped.ok) this.deps.metrics.reindexRun(library, 'ready');
    return { result: 'ready' };
  }

  /**
   * Both versions on the run's eval set: nDCG@10 and Recall@10, and how much they agree. Without
   * one, only how much they agree on recently logged queries: that alone cannot show the new
   * version is not worse, so the run stops at `ready` for a person.
   */
  private async compare(library: Library, run: ReindexRun): Promise<Comparison> {
    const live = { ...library, ...liveVersion(library) };
    const candidate = { ...library, ...run.target };
    const rank = (query: string) =>
      Promise.all(
        [live, candidate].map((version) =>
          this.deps.retrieval.retrieve(version, { query, topK: EVAL_CHUNKS }, READ_ALL),
        ),
      );
    const evalSet = run.evalSet ?? [];
    if (evalSet.length === 0) {
      const logged = await this.deps.queries.recent(library, LOGGED_QUERIES);
      if (logged.length === 0) {
        return {
          method: 'none',
          queries: 0,
          tolerance: run.tolerance,
          summary:
            'no eval set was given and no queries are logged (QUERY_LOG_SIZE), so nothing shows the new version is not worse.',
        };
      }
      const agreement: number[] = [];
      for (const query of logged) {
        const [a, b] = await rank(query);
        agreement.push(overlapAt10(a, b));
      }
      const overlap = round4(agreement.reduce((sum, o) => sum + o, 0) / agreement.length);
      return {
        method: 'query-overlap',
        queries: logged.length,
        overlapAt10: overlap,
        tolerance: run.tolerance,
        summary: `no eval set: on ${logged.length} recent queries the two versions share ${overlap} of their top 10 documents; agreement alone does not show the new version is not worse.`,
      };
    }
    const liveScores = [];
    const candidateScores = [];
    const overlaps = [];
    for (const { query, relevant } of evalSet) {
      const [a, b] = await rank(query);
      liveScores.push(scoreRanking(a, relevant));
      candidateScores.push(scoreRanking(b, relevant));
      overlaps.push(overlapAt10(a, b));
    }
    const liveMean = meanScores(liveScores);
    const candidateMean = meanScores(candidateScores);
    const notWorse = isNotWorse(liveMean, candidateMean, run.tolerance);
    const overlap = round4(overlaps.reduce((sum, o) => sum + o, 0) / overlaps.length);
    return {
      method: 'eval-set',
      queries: evalSet.length,
      live: liveMean,
      candidate: candidateMean,
      overlapAt10: overlap,
      tolerance: run.tolerance,
      notWorse,
      summary: `on ${evalSet.length} eval queries nDCG@10 ${liveMean.ndcgAt10} -> ${candidateMean.ndcgAt10}, Recall@10 ${liveMean.recallAt10} -> ${candidateMean.recallAt10} (tolerance ${run.tolerance}): ${notWorse ? 'not worse' : 'worse'}.`,
    };
  }
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
