import { AsyncLocalStorage } from 'node:async_hooks';

export type EmbeddingLane = 'live' | 'bulk';

/**
 * Live work before bulk work, for the one resource they share: embedding calls. At most `slots`
 * embedder calls run at once in this process; when a slot frees, a waiting live call (a document
 * change, a query) always goes before a waiting bulk call (a reindex). Code marks itself bulk with
 * `run('bulk', …)`; everything else is live. With Cohere the provider's rate limit then goes to
 * live traffic first and a reindex uses what is left. Beyond embedder calls, bulk work yields to
 * live work between documents (`live`, `yieldToLive`): with a local embedder the contended
 * resource is the CPU and the store, not a provider's rate limit.
 */
export class EmbeddingLanes {
  private readonly lane = new AsyncLocalStorage<EmbeddingLane>();
  private running = 0;
  private readonly waiting: Record<EmbeddingLane, Array<() => void>> = { live: [], bulk: [] };
  private liveTasks = 0;
  private quiet: Array<() => void> = [];

  constructor(private readonly slots: number) {}

  /** Runs `task` (and everything it awaits) in `lane`. */
  run<T>(lane: EmbeddingLane, task: () => Promise<T>): Promise<T> {
    return this.lane.run(lane, task);
  }

  /** Runs a unit of live work (a document change), so that bulk work can yield to it. */
  async live<T>(task: () => Promise<T>): Promise<T> {
    this.liveTasks++;
    try {
      return await this.run('live', task);
    } finally {
      if (--this.liveTasks === 0) for (const wake of this.quiet.splice(0)) wake();
    }
  }

  /**
   * Bulk work calls this before each unit: it waits while live work runs in this process, at
   * most `maxWaitMs`, so live changes get the CPU, the store and Redis first and a reindex still
   * moves under steady traffic.
   */
  async yieldToLive(maxWaitMs: number): Promise<void> {
    if (this.liveTasks === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, maxWaitMs);
      const quiet = this.quiet;
      function done() {
        clearTimeout(timer);
        const at = quiet.indexOf(done);
        if (at >= 0) quiet.splice(at, 1);
        resolve();
      }
      quiet.push(done);
    });
  }

  current(): EmbeddingLane {
    return this.lane.getStore() ?? 'live';
  }

  /** Holds one slot while `task` runs, in the caller's lane. */
  async acquire<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) {
      await new Promise<void>((resolve) => this.waiting[this.current()].push(resolve));
    } else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.live.shift() ?? this.waiting.bulk.shift();
      if (next) next();
      else this.running--;
    }
  }
}
