/**
 * Items lent to one holder at a time, longest idle first; `take` waits while every item is lent.
 * The revocation phase lends documents so no document gets a second ACL change before its last
 * one was measured (coalescing the two would hide the first revocation).
 */
export class IdlePool<T> {
  private readonly idle: T[];
  private readonly waiting: ((item: T) => void)[] = [];

  constructor(items: Iterable<T>) {
    this.idle = [...items];
  }

  /** The longest-idle item, or the next one released when none is idle. */
  take(): Promise<T> {
    if (this.idle.length > 0) return Promise.resolve(this.idle.shift() as T);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Gives an item back: to the longest waiting `take`, else to the end of the idle line. */
  release(item: T): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(item);
    else this.idle.push(item);
  }

  get idleCount(): number {
    return this.idle.length;
  }
}
