/**
 * Spaces call starts at least `1000 / maxPerSecond` ms apart within this process: a cheap guard so
 * one worker cannot burst past the provider's rate limit. Limits shared by several processes
 * still need the provider's 429s (which we honour) or a shared limiter.
 */
export class MinIntervalLimiter {
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(
    maxPerSecond: number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = 1000 / maxPerSecond;
  }

  /** Resolves when the caller may start its call; callers are served in arrival order. */
  async wait(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
  }
}
