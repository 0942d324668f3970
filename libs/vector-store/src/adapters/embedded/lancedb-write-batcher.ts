/** A document's rows as LanceDB takes them (see toRow). */
export type DocumentRow = Record<string, unknown>;

/** The complete new chunk set of one document; no rows means "delete the document". */
export interface DocumentWrite {
  documentId: string;
  rows: DocumentRow[];
  /** Point ids of `rows`, to keep two documents claiming one id out of the same merge. */
  pointIds: string[];
}

/** Writes a set of documents in one commit (see commitDocumentSet). */
export type CommitDocuments<T> = (target: T, writes: readonly DocumentWrite[]) => Promise<void>;

export interface WriteBatcherOptions<T> {
  commit: CommitDocuments<T>;
  /** Most documents per commit; beyond it the queue is split over several commits. */
  maxDocuments: number;
  /** Most rows per commit (a single larger document still goes alone). */
  maxRows: number;
  /** Called after each successful commit, e.g. to schedule compaction with runExclusive. */
  onCommitted?: (key: string, target: T) => void;
  /**
   * Whether a failed batch should be retried one document per commit: an error caused by one
   * document's data must not fail the others queued beside it.
   */
  isolateOnError?: (error: unknown) => boolean;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Pending {
  write: DocumentWrite;
  waiters: Waiter[];
}

interface Lane<T> {
  target: T;
  pending: Map<string, Pending>;
  /** Tasks that must not overlap this process's commits to the table (compaction). */
  exclusive: Array<() => Promise<void>>;
  draining?: Promise<void>;
}

/**
 * Group commit: document writes to one table are queued and flushed as one commit. When no commit
 * runs for a table the queue is flushed at once (no added latency when idle); while one runs, new
 * writes wait and go together in the next, so there is one commit in flight per table per process.
 * Each caller's promise settles with the commit that carried its document. A document queued twice
 * before a flush is written once, with the later points; both callers settle with that commit.
 *
 * Why: every LanceDB commit costs a manifest write plus, for a scoped merge, a scan of the table,
 * and concurrent commits to one table conflict and retry. Batching pays that once per batch.
 */
export class LanceDbWriteBatcher<T> {
  private readonly lanes = new Map<string, Lane<T>>();

  constructor(private readonly options: WriteBatcherOptions<T>) {}

  /** Queues `write` for the table `key` (handle `target`); resolves once it is committed. */
  submit(key: string, target: T, write: DocumentWrite): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const lane = this.lane(key, target);
      const earlier = lane.pending.get(write.documentId);
      lane.pending.set(write.documentId, {
        write,
        waiters: [...(earlier?.waiters ?? []), { resolve, reject }],
      });
      lane.draining ??= this.drain(key, lane);
    });
  }

  /**
   * Runs `task` on the table's lane between two commits, never during one; writes submitted
   * meanwhile wait and go in the next commit. For compaction: a LanceDB rewrite committed while a
   * merge is in flight is preempted by it, so under steady writes it would never get through.
   * Resolves or rejects with the task.
   */
  runExclusive<R>(key: string, target: T, task: () => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const lane = this.lane(key, target);
      lane.exclusive.push(() => task().then(resolve, reject));
      lane.draining ??= this.drain(key, lane);
    });
  }

  /** Waits until every queued write has been committed or failed (e.g. before closing). */
  async flush(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((lane) => lane.draining));
  }

  private lane(key: string, target: T): Lane<T> {
    const lane = this.lanes.get(key) ?? {
      target,
      pending: new Map<string, Pending>(),
      exclusive: [],
    };
    // The newest handle wins: a dropped and re-created table gets a new one.
    lane.target = target;
    this.lanes.set(key, lane);
    return lane;
  }

  private async drain(key: string, lane: Lane<T>): Promise<void> {
    // Let writes submitted in the same tick join the first batch.
    await Promise.resolve();
    while (lane.pending.size > 0 || lane.exclusive.length > 0) {
      // Exclusive tasks first: one scheduled after a commit runs before the next.
      const task = lane.exclusive.shift();
      if (task) {
        await task();
        continue;
      }
      const batch = this.takeBatch(lane.pending);
      await this.commitBatch(key, lane.target, batch);
    }
    lane.draining = undefined;
    if (this.lanes.get(key) === lane) this.lanes.delete(key);
  }

  /** Takes queued documents up to the limits, oldest first. */
  private takeBatch(pending: Map<string, Pending>): Pending[] {
    const batch: Pending[] = [];
    const ids = new Set<string>();
    let rows = 0;
    for (const [documentId, entry] of pending) {
      if (batch.length >= this.options.maxDocuments) break;
      const { write } = entry;
      if (batch.length > 0 && rows + write.rows.length > this.options.maxRows) break;
      // Two documents claiming one point id would make the merge key ambiguous: next batch.
      if (write.pointIds.some((id) => ids.has(id))) continue;
      for (const id of write.pointIds) ids.add(id);
      rows += write.rows.length;
      batch.push(entry);
      pending.delete(documentId);
    }
    return batch;
  }

  private async commitBatch(key: string, target: T, batch: readonly Pending[]): Promise<void> {
    try {
      await this.options.commit(
        target,
        batch.map((entry) => entry.write),
      );
      this.options.onCommitted?.(key, target);
    } catch (error) {
      if (batch.length > 1 && this.options.isolateOnError?.(error) === true) {
        for (const entry of batch) await this.commitBatch(key, target, [entry]);
        return;
      }
      for (const entry of batch) for (const waiter of entry.waiters) waiter.reject(error);
      return;
    }
    for (const entry of batch) for (const waiter of entry.waiters) waiter.resolve();
  }
}
