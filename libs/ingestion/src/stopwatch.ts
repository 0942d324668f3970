import { performance } from 'node:perf_hooks';

/** Per-stage wall time of one sync, ms. Stages that did not run are absent. */
export interface SyncTimings {
  /** Registry: take the pending change and read the document's indexed state. */
  registry?: number;
  chunk?: number;
  /** Cache lookups, store recovery and embedder calls. */
  embed?: number;
  /** The store write (for the embedded store: waiting for and riding a group commit). */
  store?: number;
  /** Registry: the conditional commit that makes the events `completed`. */
  commit?: number;
  total?: number;
}

/** Accumulates the wall time between laps under the stage names of SyncTimings. */
export class Stopwatch {
  private readonly started = performance.now();
  private last = this.started;
  private readonly timings: SyncTimings = {};

  lap(stage: Exclude<keyof SyncTimings, 'total'>): void {
    const now = performance.now();
    this.timings[stage] = round((this.timings[stage] ?? 0) + now - this.last);
    this.last = now;
  }

  done(): SyncTimings {
    return { ...this.timings, total: round(performance.now() - this.started) };
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
