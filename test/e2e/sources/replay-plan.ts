import { randomUUID } from 'node:crypto';

/** One webhook delivery of the replay: which push, under which delivery id, and why it is sent. */
export interface PlannedDelivery {
  push: number;
  deliveryId: string;
  kind: 'first' | 'redelivery' | 'duplicate';
}

export interface ReplayPlanOptions {
  pushes: number;
  /** Deliveries move at most this many places from their push's position. */
  window: number;
  /** Share of pushes GitHub delivers a second time under the same delivery id. */
  redeliveryShare: number;
  /** Share of pushes a second sender delivers again under a new delivery id. */
  duplicateShare: number;
  seed: number;
}

/**
 * The out-of-order delivery sequence: each push keyed at its index plus up to `window` at random,
 * its redelivery and duplicate (when drawn) up to another `window` later, all sorted by key. What
 * webhook retries and parallel senders produce, reproducible from the seed.
 */
export function planDeliveries(options: ReplayPlanOptions): PlannedDelivery[] {
  const random = mulberry32(options.seed);
  const keyed: Array<{ key: number; delivery: PlannedDelivery }> = [];
  for (let push = 0; push < options.pushes; push++) {
    const key = push + random() * options.window;
    const first: PlannedDelivery = { push, deliveryId: randomUUID(), kind: 'first' };
    keyed.push({ key, delivery: first });
    if (random() < options.redeliveryShare) {
      const delivery: PlannedDelivery = { ...first, kind: 'redelivery' };
      keyed.push({ key: key + random() * options.window, delivery });
    }
    if (random() < options.duplicateShare) {
      const delivery: PlannedDelivery = { push, deliveryId: randomUUID(), kind: 'duplicate' };
      keyed.push({ key: key + random() * options.window, delivery });
    }
  }
  return keyed.sort((a, b) => a.key - b.key).map((entry) => entry.delivery);
}

/** How far out of order the plan is: the largest distance between a push and its first delivery. */
export function largestDisplacement(plan: readonly PlannedDelivery[]): number {
  let largest = 0;
  let position = 0;
  for (const delivery of plan) {
    if (delivery.kind === 'first') {
      largest = Math.max(largest, Math.abs(position - delivery.push));
      position++;
    }
  }
  return largest;
}

/** A small seeded PRNG (mulberry32): the same seed, the same plan. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
