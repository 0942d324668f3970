import type { Table } from '@lancedb/lancedb';
import { isCommitConflict, summarise } from './lancedb-errors';

export interface LanceDbMaintenanceOptions {
  /** Compact a table in the background after this many writes to it from this process (0: never). */
  everyWrites: number;
  /** Table versions older than this are pruned (recent ones may still be read by other processes). */
  keepVersionsMs: number;
  logger?: { warn(message: string): void };
}

/**
 * Table maintenance. Every replace or delete commits a small fragment and a new version; left
 * alone, searches and merges slow down several-fold within a few hundred writes. `optimize()`
 * compacts fragments, folds new rows into the full-text and scalar indices, and prunes versions.
 * Runs are single-flight per table and never throw: a failed pass (e.g. a commit conflict with a
 * concurrent writer) is logged and retried on the next trigger.
 */
export class LanceDbMaintenance {
  private readonly writes = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly options: LanceDbMaintenanceOptions) {}

  /** Counts a write to `name`; every `everyWrites` writes, optimizes it in the background. */
  noteWrite(name: string, table: Table): void {
    if (this.options.everyWrites <= 0) return;
    const count = (this.writes.get(name) ?? 0) + 1;
    if (count < this.options.everyWrites) {
      this.writes.set(name, count);
      return;
    }
    this.writes.set(name, 0);
    void this.optimize(name, table);
  }

  /** Optimizes one table; joins a pass already running on it. */
  optimize(name: string, table: Table): Promise<void> {
    const current = this.running.get(name);
    if (current !== undefined) return current;
    const run = this.run(name, table).finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  /** Waits for background passes, e.g. before closing the connection. */
  async drain(): Promise<void> {
    await Promise.all(this.running.values());
  }

  private async run(name: string, table: Table): Promise<void> {
    // A busy writer can preempt the compaction commit; one immediate retry usually gets through.
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const cleanupOlderThan = new Date(Date.now() - this.options.keepVersionsMs);
        await table.optimize({ cleanupOlderThan });
        return;
      } catch (error) {
        if (attempt < 2 && isCommitConflict(error)) continue;
        this.options.logger?.warn(`LanceDB optimize of table ${name} failed: ${summarise(error)}`);
      }
    }
  }
}
