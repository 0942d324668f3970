import { createHash, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  storeSpec,
  writeTargets,
  type ChunkingSettings,
  type Library,
  type LibraryCatalog,
  type LibraryVersion,
  type SearchMode,
} from '@ragline/catalog';
import { embedderKey, type EmbedderRegistry, type EmbedderSpec } from '@ragline/embedders';
import { ErrorCode, RaglineError, describeError } from '@ragline/errors';
import { storeLibraryName, type LibraryRef } from '@ragline/events';
import type { BuildTracker } from '@ragline/ingestion';
import type { Metrics } from '@ragline/metrics';
import type { SyncQueue } from '@ragline/queue';
import type { DocumentRegistry } from '@ragline/registry';
import type { VectorStore } from '@ragline/vector-store';
import type { EvalQuery, ReindexRun, ReindexStatus, SwapMode } from './reindex-run';
import type { ReindexStore } from './reindex-store.port';

/** What a client asks a reindex for; anything left out is the live version's. */
export interface ReindexRequest {
  embedder?: EmbedderSpec;
  chunking?: ChunkingSettings;
  searchMode?: SearchMode;
  swap?: SwapMode;
  evalSet?: EvalQuery[];
  /** How much lower nDCG@10 and Recall@10 may be for `if-not-worse` to swap (default 0). */
  tolerance?: number;
  /** Sources of the library to sweep as the run starts (see ReindexRun.sources). */
  sources?: string[];
}

export interface ReindexDeps {
  runs: ReindexStore;
  catalog: LibraryCatalog;
  registry: DocumentRegistry;
  vectors: VectorStore;
  builds: BuildTracker;
  queue: SyncQueue;
  embedders: EmbedderRegistry;
  /** The library's sources, to check the ones a request names. */
  sourceIds: (library: LibraryRef) => Promise<string[]>;
  metrics: Metrics;
  /** Whether the previous version is kept after a swap, for rollback (REINDEX_KEEP_VERSIONS). */
  keepPrevious: boolean;
}

const CANCELLABLE: readonly ReindexStatus[] = ['queued', 'running', 'comparing', 'ready'];

/**
 * Reindex runs and every change of a library's versions: start (one run per library), cancel,
 * swap, rollback, failure. The API and the workers both drive runs through here, so each version
 * change happens in one order: the run's status first (an atomic transition decides who acts),
 * then the catalog, then the registry's write targets, then the store.
 */
export class ReindexService {
  private readonly logger = new Logger('reindex');

  constructor(private readonly deps: ReindexDeps) {}

  /**
   * @throws RaglineError REINDEX_RUNNING (409) naming the active run; IDEMPOTENCY_KEY_REUSED (422)
   */
  async start(
    library: Library,
    request: ReindexRequest,
    idempotencyKey?: string,
  ): Promise<{ run: ReindexRun; replayed: boolean }> {
    const { runs, embedders, vectors, queue } = this.deps;
    if (request.sources) {
      const known = new Set(await this.deps.sourceIds(library));
      const unknown = request.sources.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new RaglineError(
          ErrorCode.SourceNotFound,
          `No source ${unknown.join(', ')} in this library.`,
          { field: 'sources' },
        );
      }
    }
    const embedder = request.embedder
      ? await embedders.forSpec(request.embedder)
      : await embedders.forKey(library.embedder.key);
    const from = liveVersion(library);
    // Never a number used before: another process may still hold a dropped version's table open.
    const existing = await vectors.listLibraryVersions(storeLibraryName(library));
    const [latest] = await runs.list(library, 1);
    const used = [library.version, library.previous?.version ?? 0, latest?.target.version ?? 0];
    const target: LibraryVersion = {
      version: Math.max(...used, ...existing) + 1,
      embedder: { key: embedderKey(embedder.id), dimensions: embedder.id.dimensions },
      chunking: request.chunking ?? library.chunking,
      searchMode: request.searchMode ?? library.searchMode,
    };
    const run: ReindexRun = {
      id: `r${randomUUID().replaceAll('-', '').slice(0, 16)}`,
      tenant: library.tenant,
      library: library.library,
      status: 'queued',
      swap: request.swap ?? 'auto',
      from,
      target,
      ...(request.evalSet ? { evalSet: request.evalSet } : {}),
      ...(request.sources ? { sources: [...new Set(request.sources)] } : {}),
      tolerance: request.tolerance ?? 0,
      counts: { scanned: 0, indexed: 0, unchanged: 0, deleted: 0, failed: 0, embedded: 0 },
      errors: [],
      createdAt: Date.now(),
    };
    const fingerprint = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const result = await runs.create(
      run,
      idempotencyKey ? { key: idempotencyKey, fingerprint } : undefined,
    );
    switch (result.kind) {
      case 'busy':
        throw new RaglineError(
          ErrorCode.ReindexRunning,
          `Reindex ${result.runningId} of this library is still active; wait for it, or cancel it, before starting another.`,
          { details: { reindexId: result.runningId } },
        );
      case 'key-reused':
        throw new RaglineError(
          ErrorCode.IdempotencyKeyReused,
          `This Idempotency-Key was first used for a different reindex request (${result.firstRunId}); send a new key with a new request.`,
          { field: 'Idempotency-Key', details: { reindexId: result.firstRunId } },
        );
      default:
        break;
    }
    try {
      // Queued again on a replay too: the plan's job id is the run's, so this is free.
      await queue.enqueueReindexPlan(library, result.run.id);
    } catch (error) {
      if (result.kind === 'created') {
        await runs.transition(library, run.id, ['queued'], 'failed', {
          finishedAt: Date.now(),
          message: 'The run could not be queued.',
        });
      }
      throw error;
    }
    return { run: result.run, replayed: result.kind === 'replayed' };
  }

  async get(library: LibraryRef, id: string): Promise<ReindexRun> {
    const run = await this.deps.runs.get(library, id);
    if (!run)
      throw new RaglineError(ErrorCode.ReindexNotFound, `No reindex ${id} in this library.`);
    return run;
  }

  list(library: LibraryRef, limit: number): Promise<ReindexRun[]> {
    return this.deps.runs.list(library, limit);
  }

  /** Stops a run before its swap; the live version is untouched and the partial one dropped. */
  async cancel(library: Library, id: string): Promise<ReindexRun> {
    const run = await this.get(library, id);
    const moved = await this.deps.runs.transition(library, id, CANCELLABLE, 'cancelled', {
      finishedAt: Date.now(),
      message: 'Cancelled by request.',
    });
    if (!moved.ok) throw refused(run, moved.status, 'cancelled', CANCELLABLE);
    this.deps.metrics.reindexRun(library, 'cancelled');
    await this.discard(library, run);
    return this.get(library, id);
  }

  /** A run that stopped at `ready` (manual swap, or a check that did not pass) goes live. */
  async swap(library: Library, id: string): Promise<ReindexRun> {
    const run = await this.get(library, id);
    if (run.status !== 'swapping') {
      const moved = await this.deps.runs.transition(library, id, ['ready'], 'swapping');
      if (!moved.ok) throw refused(run, moved.status, 'swapped', ['ready']);
    }
    await this.completeSwap(library, run);
    return this.get(library, id);
  }

  /** The library goes back to the version the run replaced; the run's version is dropped. */
  async rollback(library: Library, id: string): Promise<ReindexRun> {
    const run = await this.get(library, id);
    const { catalog, runs } = this.deps;
    const fresh = (await catalog.get(library)) ?? library;
    if (run.status !== 'completed') throw refused(run, run.status, 'rolled back', ['completed']);
    const previous = fresh.previous;
    if (fresh.version !== run.target.version || !previous) {
      throw new RaglineError(
        ErrorCode.Conflict,
        `Reindex ${id} can no longer be rolled back: its version is not live, or no previous version was kept (REINDEX_KEEP_VERSIONS=0).`,
      );
    }
    const active = await runs.active(library);
    if (active) {
      throw new RaglineError(
        ErrorCode.ReindexRunning,
        `Reindex ${active} of this library is active; cancel it before rolling back.`,
        { details: { reindexId: active } },
      );
    }
    const moved = await runs.transition(library, id, ['completed'], 'rolled-back', {
      message: `Rolled back to version ${previous.version}.`,
    });
    if (!moved.ok) throw refused(run, moved.status, 'rolled back', ['completed']);
    this.deps.metrics.reindexRun(library, 'rolled-back');
    const updated = await catalog.saveVersions(library, { live: previous });
    await this.setTargets(updated);
    const name = storeLibraryName(library);
    await this.deps.vectors.switchLibraryAlias(name, previous.version);
    await this.dropQuietly(name, run.target.version);
    return this.get(library, id);
  }

  /** A run that cannot finish: recorded as failed, its partial version dropped. */
  async fail(library: Library, run: ReindexRun, message: string): Promise<void> {
    const moved = await this.deps.runs.transition(library, run.id, CANCELLABLE, 'failed', {
      finishedAt: Date.now(),
      message,
    });
    if (!moved.ok) return;
    this.deps.metrics.reindexRun(library, 'failed');
    await this.discard(library, run);
  }

  /**
   * Makes the run's version live: the catalog first (queries read the version it names), then
   * the write targets, the store's alias, and the versions no longer kept. Safe to run again
   * after a crash at any step (a run left in `swapping` is resumed by its finish job or a swap).
   */
  async completeSwap(library: Library, run: ReindexRun): Promise<void> {
    const { catalog, vectors, builds, runs } = this.deps;
    const fresh = (await catalog.get(library)) ?? library;
    let current = fresh;
    if (fresh.version !== run.target.version) {
      const previous = this.deps.keepPrevious ? liveVersion(fresh) : undefined;
      current = await catalog.saveVersions(library, {
        live: run.target,
        ...(previous ? { previous } : {}),
      });
    }
    await this.setTargets(current);
    const name = storeLibraryName(library);
    await vectors.switchLibraryAlias(name, run.target.version);
    const kept = new Set(writeTargets(current).map((version) => version.version));
    for (const version of await vectors.listLibraryVersions(name)) {
      if (!kept.has(version)) await this.dropQuietly(name, version);
    }
    await builds.clear(library, run.id);
    const moved = await runs.transition(library, run.id, ['swapping'], 'completed', {
      swappedAt: Date.now(),
      finishedAt: Date.now(),
    });
    if (moved.ok) this.deps.metrics.reindexRun(library, 'completed');
    this.logger.log(
      { library: `${library.tenant}.${library.library}`, reindexId: run.id },
      `library now serves version ${run.target.version}`,
    );
  }

  /** The run's version stops receiving writes and is dropped (cancel, failure). */
  async discard(library: Library, run: ReindexRun): Promise<void> {
    const fresh = await this.deps.catalog.get(library);
    if (fresh?.building?.reindexId === run.id) {
      const updated = await this.deps.catalog.saveVersions(library, {
        live: liveVersion(fresh),
        ...(fresh.previous ? { previous: fresh.previous } : {}),
      });
      await this.setTargets(updated);
    }
    await this.dropQuietly(storeLibraryName(library), run.target.version);
    await this.deps.builds.clear(library, run.id);
  }

  /** Records the library's versions as the ones every commit must have written to. */
  async setTargets(library: Library): Promise<void> {
    await this.deps.registry.setWriteTargets(
      library,
      writeTargets(library).map((version) => version.version),
    );
  }

  /** The collection of a version about to be built (the spec comes from its embedder). */
  async createVersion(library: Library, target: LibraryVersion): Promise<void> {
    const name = storeLibraryName(library);
    const versions = await this.deps.vectors.listLibraryVersions(name);
    if (versions.includes(target.version)) return;
    await this.deps.vectors.createLibraryVersion(
      storeSpec({ ...library, embedder: target.embedder }),
      target.version,
    );
  }

  private async dropQuietly(name: string, version: number): Promise<void> {
    try {
      const versions = await this.deps.vectors.listLibraryVersions(name);
      if (versions.includes(version)) await this.deps.vectors.dropLibraryVersion(name, version);
    } catch (error) {
      // A version left behind costs disk, not correctness: nothing reads or writes it any more.
      this.logger.warn({ store: name, version, error: describeError(error) }, 'drop failed');
    }
  }
}

/** The live version's settings, as a version record. */
export function liveVersion(library: Library): LibraryVersion {
  return writeTargets(library)[0];
}

function refused(
  run: ReindexRun,
  status: ReindexStatus | undefined,
  verb: string,
  allowed: readonly ReindexStatus[],
): RaglineError {
  if (status === undefined) {
    return new RaglineError(ErrorCode.ReindexNotFound, `No reindex ${run.id} in this library.`);
  }
  return new RaglineError(
    ErrorCode.Conflict,
    `Reindex ${run.id} is ${status}: only a run that is ${listed(allowed)} can be ${verb}.`,
    { details: { reindexId: run.id, status } },
  );
}

/** "a", "a or b", "a, b or c". */
function listed(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
