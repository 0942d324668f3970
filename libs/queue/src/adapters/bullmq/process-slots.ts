/**
 * A counting semaphore: at most `size` jobs of this process run at once, across all libraries'
 * consumers (each BullMQ Worker has its own concurrency; this is the process-wide bound).
 */
export class ProcessSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
