import { performance } from 'node:perf_hooks';
import { renderDocument, type BenchDocument } from '../corpus/corpus-generator';
import type { RaglineClient } from '../service/ragline-client';
import { sleep } from '../support/bounded-pool';
import { summarize, type LatencySummary } from '../stats/percentiles';

export interface FreshnessResult {
  offeredRate: number;
  seconds: number;
  updates: number;
  /** Updates whose token was never returned within the timeout. */
  lost: number;
  errors: number;
  /** 202 to the first query response that returns the update's token, ms. */
  visible: LatencySummary;
  /** PUT request to 202, ms. */
  accept: LatencySummary;
  /** Send rate actually achieved (open loop: should equal the offered rate). */
  achievedRate: number;
  firstError?: string;
  /** Events of every update, so the caller can wait for the backlog to drain. */
  eventIds: string[];
}

const VISIBLE_TIMEOUT_MS = 20_000;

/**
 * Open-loop freshness: update i is sent at start + i/rate whether or not earlier ones finished.
 * Each update appends a paragraph with a unique token to a different document; its latency is
 * from the 202 until a query filtered to that document returns the token. The query waits for
 * the event with `consistency.afterEvents` (no polling); if the token is still absent it is asked
 * again every 20 ms.
 */
export async function measureFreshness(
  client: RaglineClient,
  documents: readonly BenchDocument[],
  rate: number,
  seconds: number,
): Promise<FreshnessResult> {
  const total = Math.round(rate * seconds);
  const visible: number[] = [];
  const accept: number[] = [];
  let lost = 0;
  let errors = 0;
  let firstError: string | undefined;
  const eventIds: string[] = [];
  const run = Date.now().toString(36);
  const started = performance.now();
  let lastSend = started;
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    lastSend = performance.now();
    const document = documents[i % documents.length];
    const token = `fresh${run}x${i}`;
    inflight.push(
      updateAndWait(client, document, token, eventIds).then(
        (result) => {
          accept.push(result.acceptMs);
          if (result.visibleMs === undefined) lost++;
          else visible.push(result.visibleMs);
        },
        (error: unknown) => {
          errors++;
          firstError ??= String(error).slice(0, 200);
        },
      ),
    );
  }
  await Promise.all(inflight);
  return {
    offeredRate: rate,
    seconds,
    updates: total,
    lost,
    errors,
    visible: summarize(visible),
    accept: summarize(accept),
    achievedRate: total > 1 ? ((total - 1) * 1000) / (lastSend - started) : total,
    firstError,
    eventIds,
  };
}

async function updateAndWait(
  client: RaglineClient,
  document: BenchDocument,
  token: string,
  eventIds: string[],
): Promise<{ acceptMs: number; visibleMs?: number }> {
  const text = `${renderDocument(document)}\nFreshness marker ${token} for this update.\n`;
  const sent = performance.now();
  const { eventId } = await client.put(document.id, { text, title: document.title });
  const acceptedAt = performance.now();
  eventIds.push(eventId);
  const deadline = acceptedAt + VISIBLE_TIMEOUT_MS;
  let consistency: { afterEvents: string[]; timeoutMs: number } | undefined = {
    afterEvents: [eventId],
    timeoutMs: VISIBLE_TIMEOUT_MS,
  };
  while (performance.now() < deadline) {
    const timeoutMs = Math.max(1, Math.round(deadline - performance.now()));
    let hits: { text: string }[] = [];
    try {
      hits = await client.query({
        query: token,
        topK: 3,
        filter: { documentId: document.id },
        consistency: consistency && { ...consistency, timeoutMs },
      });
    } catch (error) {
      // Not applied within the deadline: the update is lost, not an error of the bench.
      if (String(error).includes('CONSISTENCY_TIMEOUT')) break;
      throw error;
    }
    if (hits.some((hit) => hit.text.includes(token))) {
      return { acceptMs: acceptedAt - sent, visibleMs: performance.now() - acceptedAt };
    }
    consistency = undefined;
    await sleep(20);
  }
  return { acceptMs: acceptedAt - sent };
}
