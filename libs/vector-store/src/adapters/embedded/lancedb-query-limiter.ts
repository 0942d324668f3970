/**
 * Caps how many LanceDB reads this process runs at once; the rest wait in FIFO order.
 *
 * Why: LanceDB runs each query on its own native (tokio) thread pool, which already uses every
 * core, not on libuv's pool, so UV_THREADPOOL_SIZE does not bound it. Started all at once, 32
 * flat vector scans on 2 cores thrash each other: measured on 10k x 384-d rows, a cap of 2
 * raised 32-client throughput from ~86 to ~129 q/s and cut p99 from ~900 to ~310 ms, with no cost
 * at 1 client. (Not a library: the packages that do this here are transitive, ESM-only ones.)
 */
export class LanceDbQueryLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** @param limit reads in flight at once; 0 or less: unlimited. */
  constructor(private readonly limit: number) {}

  async run<T>(read: () => Promise<T>): Promise<T> {
    if (this.limit <= 0) return read();
    if (this.active >= this.limit) await new Promise<void>((go) => this.waiting.push(go));
    else this.active++;
    try {
      return await read();
    } finally {
      // Hand the slot straight to the next waiter, so `active` never drops below the queue's need.
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.active--;
    }
  }
}
