import type { EventOutcome, RaglineClient } from '../service/ragline-client';
import { mapBounded } from '../support/bounded-pool';

const BATCH = 100; // the API's limit for consistency.afterEvents

/**
 * Waits until every event is applied, without polling: a query with `consistency.afterEvents`
 * returns once its (up to 100) events are done, over Redis pub/sub. A batch that times out is
 * asked again until `deadline`.
 */
export async function waitForEvents(
  client: RaglineClient,
  eventIds: readonly string[],
  deadline: number,
): Promise<void> {
  for (let start = 0; start < eventIds.length; start += BATCH) {
    const batch = eventIds.slice(start, start + BATCH);
    for (;;) {
      const timeoutMs = Math.min(30_000, deadline - Date.now());
      if (timeoutMs <= 0) throw new Error(`events not applied before the phase deadline`);
      try {
        await client.query({
          query: 'wait',
          topK: 1,
          mode: 'sparse',
          consistency: { afterEvents: batch, timeoutMs },
        });
        break;
      } catch (error) {
        if (!String(error).includes('CONSISTENCY_TIMEOUT')) throw error;
      }
    }
  }
}

export interface OutcomeTotals {
  completed: number;
  failed: number;
  other: number;
  chunksEmbedded: number;
  chunksReused: number;
  chunksDeleted: number;
}

/** Sums the events' outcomes: Ragline's embedder work as seen from outside. */
export async function sumOutcomes(
  client: RaglineClient,
  eventIds: readonly string[],
): Promise<OutcomeTotals> {
  const outcomes: EventOutcome[] = await mapBounded(eventIds, 16, (id) => client.event(id));
  const totals: OutcomeTotals = {
    completed: 0,
    failed: 0,
    other: 0,
    chunksEmbedded: 0,
    chunksReused: 0,
    chunksDeleted: 0,
  };
  for (const outcome of outcomes) {
    if (outcome.status === 'completed') totals.completed++;
    else if (outcome.status === 'failed') totals.failed++;
    else totals.other++;
    totals.chunksEmbedded += outcome.chunksEmbedded;
    totals.chunksReused += outcome.chunksReused;
    totals.chunksDeleted += outcome.chunksDeleted;
  }
  return totals;
}
