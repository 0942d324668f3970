import { performance } from 'node:perf_hooks';
import type { Table } from '@lancedb/lancedb';
import { isCommitConflict, summarise } from './lancedb-errors';

export interface LanceDbMaintenanceOptions {
  /** Compact a table after this many commits to it from this process (0: never on count). */
  everyWrites: number;
  /** Also compact a table this long after its last commit, if it has uncompacted commits (0: never). */
  idleMs: number;
  /**
   * Most share of the write lane's time count-triggered passes may take: after a pass of P ms the
   * next one waits at least P x (1 / share - 1) ms. A pass rewrites the table's large fragment,
   * so its cost grows with the table, and writes wait while it runs.
   */
  maxLaneShare: number;
  /** Table versions older than this are pruned (recent ones may still be read by other processes). */
  keepVersionsMs: number;
  /**
   * Runs one pass where it cannot race this process's own commits to the table (the write lane):
   * LanceDB preempts a compaction whenever a merge commits while it runs, so under steady writes
   * a pass started beside them never gets through.
   */
  serialize: (name: string, table: Table, pass: () => Promise<void>) => Promise<void>;
  logger?: { warn(message: string): void };
}

/** Failed passes in a row after which the warning says why and what to do. */
const FAILURES_BEFORE_ADVICE = 3;

interface TableState {
  table: Table;
  commits: number;
  idleTimer?: NodeJS.Timeout;
  /** performance.now() before which no count-triggered pass starts. */
  notBefore: number;
}

/**
 * Table maintenance. Every commit adds a small fragment and a new version, and its rows are outside
 * the full-text and scalar indices until `optimize()` folds them in: left alone, searches slow down
 * several-fold within a hundred commits (1,000 rows in 110 fragments: a filtered BM25 query took
 * 16.5 ms, 2.2 ms after one pass). A pass compacts fragments, updates the indices and prunes old
 * versions. It runs after `everyWrites` commits (but, on a large table, no more often than
 * `maxLaneShare` allows), and `idleMs` after the last one, so a burst's tail is indexed soon after
 * it ends. Passes are single-flight per table and never throw: a failed pass
 * (e.g. a conflict with another process's writer) is logged and tried again on the next trigger.
 */
export class LanceDbMaintenance {
  private readonly tables = new Map<string, TableState>();
  private readonly running = new Map<string, Promise<void>>();
  /** Consecutive failed passes per table. */
  private readonly failures = new Map<string, number>();

  constructor(private readonly options: LanceDbMaintenanceOptions) {}

  /** Counts a commit to `name`; schedules a pass when one is due. */
  noteWrite(name: string, table: Table): void {
    const { everyWrites, idleMs } = this.options;
    if (everyWrites <= 0 && idleMs <= 0) return;
    const state = this.tables.get(name) ?? { table, commits: 0, notBefore: 0 };
    state.table = table;
    state.commits++;
    this.tables.set(name, state);
    clearTimeout(state.idleTimer);
    if (everyWrites > 0 && state.commits >= everyWrites && performance.now() >= state.notBefore) {
      void this.optimize(name, table);
      return;
    }
    if (idleMs > 0) {
      state.idleTimer = setTimeout(() => void this.optimize(name, state.table), idleMs);
      // A pending tail pass must not keep a process alive that is otherwise done.
      state.idleTimer.unref();
    }
  }

  /** Optimizes one table; joins a pass already scheduled or running on it. */
  optimize(name: string, table: Table): Promise<void> {
    const current = this.running.get(name);
    if (current !== undefined) return current;
    const state = this.tables.get(name);
    if (state) {
      clearTimeout(state.idleTimer);
      // Commits from now on count towards the next pass.
      state.commits = 0;
    }
    const run = this.options
      .serialize(name, table, async () => {
        const started = performance.now();
        await this.run(name, table);
        const ended = performance.now();
        const gap = (ended - started) * (1 / this.options.maxLaneShare - 1);
        if (state) state.notBefore = ended + gap;
      })
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  /** Forgets a dropped table: no tail pass will run on it. */
  forget(name: string): void {
    clearTimeout(this.tables.get(name)?.idleTimer);
    this.tables.delete(name);
    this.failures.delete(name);
  }

  /** Cancels pending tail passes and waits for running ones, e.g. before closing the connection. */
  async drain(): Promise<void> {
    for (const state of this.tables.values()) clearTimeout(state.idleTimer);
    await Promise.all(this.running.values());
  }

  private async run(name: string, table: Table): Promise<void> {
    // Another process's writer can still preempt the pass; one immediate retry usually gets through.
    for (let attempt = 1; ; attempt++) {
      try {
        const cleanupOlderThan = new Date(Date.now() - this.options.keepVersionsMs);
        await table.optimize({ cleanupOlderThan });
        this.failures.delete(name);
        return;
      } catch (error) {
        const conflict = isCommitConflict(error);
        if (attempt < 2 && conflict) continue;
        const failures = (this.failures.get(name) ?? 0) + 1;
        this.failures.set(name, failures);
        // Passes that keep losing to commits from elsewhere mean the table is never compacted and
        // searches slow down: say what to do about it.
        const advice =
          conflict && failures >= FAILURES_BEFORE_ADVICE
            ? ` (${failures} passes in a row preempted by commits from another process: run one worker process per embedded store, with WORKER_CONCURRENCY for parallelism, or use Qdrant to scale out)`
            : '';
        this.options.logger?.warn(
          `LanceDB optimize of table ${name} failed: ${summarise(error)}${advice}`,
        );
        return;
      }
    }
  }
}
