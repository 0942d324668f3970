import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { inferFormat } from '@ragline/chunking';
import type { Library } from '@ragline/catalog';
import { ErrorCode, RaglineError, describeError, isRetryable } from '@ragline/errors';
import type { Metadata } from '@ragline/events';
import type { IntakeService } from '@ragline/intake';
import { GitMirror } from '../adapters/git/git-mirror';
import { createFileFilter } from '../adapters/git/file-filter';
import { decodeText } from '../adapters/git/text-content';
import { fileWebUrl } from '../adapters/git/web-url';
import type { SecretBox } from '../secret-box';
import { EMPTY_COUNTS, type Source, type SyncCounts, type SyncRun } from '../source';
import { sourceDocumentId } from '../source-document-id';
import type { SourceStore } from '../source-store.port';
import { deleteGuard, planFromDiff, planFromTree, type SyncPlan } from './sync-plan';

/** Blobs read per `git cat-file --batch` call. */
const READ_BATCH = 200;
/** Intake calls in flight at once during a sync. */
const INTAKE_CONCURRENCY = 16;
/** Failures kept on a run for a person to read. */
const FAILURES_KEPT = 20;

export interface SourceSyncDeps {
  store: SourceStore;
  intake: IntakeService;
  secrets: SecretBox;
  /** Mirrors live under `<dataDir>/mirrors/<tenant>/<library>/<sourceId>.git`. */
  dataDir: string;
}

/**
 * Brings a library up to its source's branch head. Runs one at a time per source (one sync job per
 * source at a time), so the order of a document's versions is the order of the syncs: each sync
 * diffs the commit it last applied to the head as fetched now, whatever push woke it (see
 * docs/decisions/0004). A sync that cannot diff (first sync, unknown or rewritten history) or was
 * asked to sweep lists the whole head instead; a sweep that would delete too much stops at
 * `needs-confirmation` and applies nothing.
 */
export class SourceSyncService {
  private readonly logger = new Logger('source-sync');

  constructor(private readonly deps: SourceSyncDeps) {}

  mirrorOf(source: Source): GitMirror {
    return new GitMirror({
      dir: join(this.deps.dataDir, 'mirrors', source.tenant, source.library, `${source.id}.git`),
      url: source.url,
      branch: source.branch,
      ...(source.token ? { token: this.deps.secrets.open(source.token, source.id) } : {}),
    });
  }

  /**
   * Runs the sync that serves `runs` (the first is the primary; the others fold into it) and
   * records their outcome. Throws (after recording the failure) so the job is retried.
   */
  async sync(
    library: Library,
    source: Source,
    runs: SyncRun[],
    finalAttempt: boolean,
  ): Promise<SyncRun> {
    const { store } = this.deps;
    const [primary, ...folded] = runs;
    const started = {
      ...primary,
      status: 'running' as const,
      startedAt: Date.now(),
      error: undefined,
    };
    await store.saveRun(source, started);
    for (const run of folded) {
      await store.saveRun(source, { ...run, status: 'running', coalescedInto: primary.id });
    }
    try {
      const outcome = await this.apply(library, source, started, runs);
      await this.finish(source, runs, outcome);
      await store.releaseRuns(source);
      return outcome;
    } catch (error) {
      const message = describeError(error);
      // A permanent error (an unknown repository, refused credentials) is final at once.
      const final = finalAttempt || !isRetryable(error);
      this.logger.warn(
        { source: source.id, sync: primary.id, error: message },
        'source sync failed',
      );
      const failed: SyncRun = final
        ? { ...started, status: 'failed', error: message, finishedAt: Date.now() }
        : { ...started, status: 'queued', error: `retrying after: ${message}` };
      await this.finish(source, runs, failed);
      if (!finalAttempt)
        for (const run of runs) await store.queueRun(source, { ...run, ...pick(failed) });
      throw error;
    }
  }

  private async apply(
    library: Library,
    source: Source,
    run: SyncRun,
    runs: SyncRun[],
  ): Promise<SyncRun> {
    const mirror = this.mirrorOf(source);
    await mirror.ensure();
    const head = await mirror.fetch().catch((error: unknown) => {
      // A repository that cannot be fetched now (moved, down, not yet pushed) may be later: the
      // sync is retried with backoff, then fails with git's message.
      throw new RaglineError(ErrorCode.SourceUnavailable, describeError(error), {
        retryable: true,
        cause: error,
      });
    });
    const state = await this.deps.store.getState(source);
    const included = createFileFilter({ include: source.include, exclude: source.exclude });
    const sweep = runs.some((r) => r.trigger !== 'push');
    const confirmed = runs.some((r) => r.trigger === 'confirm');
    const canDiff =
      !sweep &&
      state.commit !== undefined &&
      (await mirror.commitExists(state.commit)) &&
      (await mirror.isAncestor(state.commit, head));
    const base = { ...run, fromCommit: state.commit, toCommit: head };
    if (canDiff && state.commit === head) {
      return {
        ...base,
        mode: 'diff',
        status: 'completed',
        counts: { ...EMPTY_COUNTS },
        finishedAt: Date.now(),
      };
    }
    const plan = canDiff
      ? planFromDiff(await mirror.diff(state.commit as string, head), included, state.files)
      : planFromTree(await mirror.listFiles(head), included, state.files);
    const mode = canDiff ? 'diff' : 'scan';
    if (mode === 'scan' && plan.unchangedFiles.length > 0) {
      // A scan after rewritten history: unchanged text may now cite a commit that is gone.
      const cites = await mirror.lastChangingCommits(
        head,
        plan.unchangedFiles.map((f) => f.path),
      );
      for (const file of plan.unchangedFiles) {
        if (cites.get(file.path) !== state.citations.get(file.path)) {
          plan.upserts.push({ ...file, change: 'refreshed' });
        }
      }
    }
    if (mode === 'scan' && !confirmed) {
      const verdict = deleteGuard(plan, state.files.size, source.deleteGuardShare);
      if (!verdict.allowed) {
        return {
          ...base,
          mode,
          status: 'needs-confirmation',
          error: `delete guard: ${verdict.reason}; nothing was applied. Confirm to apply.`,
          counts: { ...EMPTY_COUNTS, scanned: plan.scanned, unchanged: plan.unchanged },
          plan: summarise(plan, state.files.size),
          finishedAt: Date.now(),
        };
      }
    }
    const counts = await this.applyPlan(library, source, mirror, head, plan, base);
    return {
      ...base,
      mode,
      status: 'completed',
      counts: counts.counts,
      failures: counts.failures,
      finishedAt: Date.now(),
    };
  }

  /** Reads the upserted files, hands every change to intake, then records the new state. */
  private async applyPlan(
    library: Library,
    source: Source,
    mirror: GitMirror,
    head: string,
    plan: SyncPlan,
    run: SyncRun,
  ): Promise<{ counts: SyncCounts; failures: SyncRun['failures'] }> {
    const counts: SyncCounts = {
      ...EMPTY_COUNTS,
      scanned: plan.scanned,
      unchanged: plan.unchanged,
      renamed: plan.renamed,
    };
    const failures: SyncRun['failures'] = [];
    const fail = (path: string, reason: string) => {
      counts.failed++;
      if (failures.length < FAILURES_KEPT) failures.push({ path, reason });
    };
    const set: Array<[string, string, string]> = [];
    const removed = new Set(plan.deletes);
    const commits = await mirror.lastChangingCommits(
      head,
      plan.upserts.map((u) => u.path),
    );
    const tasks: Array<() => Promise<void>> = [];
    for (let i = 0; i < plan.upserts.length; i += READ_BATCH) {
      const batch = plan.upserts.slice(i, i + READ_BATCH);
      const blobs = await mirror.readBlobs(batch.map((u) => u.blob));
      for (const upsert of batch) {
        const documentId = sourceDocumentId(source.id, upsert.path);
        if (!documentId) {
          fail(upsert.path, 'path too long for a document id (512 characters)');
          continue;
        }
        const content = decodeText(blobs.get(upsert.blob) ?? Buffer.alloc(0));
        if (content.kind === 'binary') {
          counts.skipped++;
          // A file that turned binary leaves the library.
          if (upsert.change === 'modified') removed.add(upsert.path);
          continue;
        }
        const commit = commits.get(upsert.path) ?? head;
        const url = fileWebUrl(source.url, commit, upsert.path);
        const metadata: Metadata = {
          ...source.metadata,
          source: source.id,
          path: upsert.path,
          commit,
          branch: source.branch,
          ...(url ? { url } : {}),
        };
        tasks.push(async () => {
          try {
            await this.deps.intake.accept(library, {
              documentId,
              kind: 'upsert',
              text: content.text,
              metadata,
              format: inferFormat(upsert.path),
              source: source.id,
            });
            set.push([upsert.path, upsert.blob, commit]);
            if (upsert.change === 'added' || upsert.change === 'modified') counts[upsert.change]++;
          } catch (error) {
            if (isInfrastructure(error)) throw error;
            fail(upsert.path, describeError(error));
          }
        });
      }
    }
    for (const path of removed) {
      const documentId = sourceDocumentId(source.id, path);
      if (!documentId) continue;
      tasks.push(async () => {
        await this.deps.intake.accept(library, { documentId, kind: 'delete', source: source.id });
        if (!plan.renamedFrom.has(path)) counts.deleted++;
      });
    }
    await runLimited(tasks, INTAKE_CONCURRENCY);
    // Only once every change is accepted: a crash before this re-plans from the old state.
    await this.deps.store.saveState(source, head, { set, removed: [...removed] });
    this.logger.log(
      {
        source: source.id,
        library: `${library.tenant}.${library.library}`,
        sync: run.id,
        from: run.fromCommit,
        to: head,
        ...counts,
      },
      'source synced',
    );
    return { counts, failures };
  }

  private async finish(source: Source, runs: SyncRun[], outcome: SyncRun): Promise<void> {
    const [primary, ...folded] = runs;
    await this.deps.store.saveRun(source, { ...outcome, id: primary.id });
    for (const run of folded) {
      await this.deps.store.saveRun(source, {
        ...run,
        ...pick(outcome),
        coalescedInto: primary.id,
      });
    }
  }
}

/** What a folded run shares with the run it was folded into. */
function pick(run: SyncRun): Partial<SyncRun> {
  const {
    status,
    fromCommit,
    toCommit,
    mode,
    counts,
    error,
    failures,
    plan,
    startedAt,
    finishedAt,
  } = run;
  return {
    status,
    fromCommit,
    toCommit,
    mode,
    counts,
    error,
    failures,
    plan,
    startedAt,
    finishedAt,
  };
}

function summarise(plan: SyncPlan, known: number) {
  return {
    upserts: plan.upserts.length,
    deletes: plan.deletes.length,
    known,
    samplePaths: {
      upserts: plan.upserts.slice(0, 200).map((u) => u.path),
      deletes: plan.deletes.slice(0, 200),
    },
  };
}

/** Redis or queue down: the whole sync is retried, not one file marked failed. */
function isInfrastructure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'QUEUE_UNAVAILABLE' || code === 'REDIS_UNAVAILABLE' || code === 'BACKPRESSURE';
}

async function runLimited(tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) await tasks[next++]();
  });
  await Promise.all(lanes);
}
