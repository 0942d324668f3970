import { performance } from 'node:perf_hooks';
import type { BenchDocument } from '../corpus/corpus-generator';
import type { EventOutcome, RaglineClient } from '../service/ragline-client';
import { mapBounded, sleep } from '../support/bounded-pool';
import { IdlePool } from '../support/idle-pool';
import { summarize, type LatencySummary } from '../stats/percentiles';
import { tallyRevocations, type RevocationSample } from '../stats/revocation-tally';
import {
  countWrongAcls,
  createAclDocuments,
  deleteAclDocuments,
  readableBy,
  type AclDocument,
} from './revocation-documents';
import { revocationFor, type Revocation } from './revocation-plan';
import { waitForEvents } from './wait-for-events';

export interface RevocationResult {
  offeredRate: number;
  seconds: number;
  /** Documents the changes rotate over (each has one change in flight at most). */
  documents: number;
  changes: number;
  /** Send rate actually achieved (open loop: should equal the offered rate). */
  achievedRate: number;
  /** 202 to the first query response, as the removed principal, without the document, ms. */
  gone: LatencySummary;
  /** PUT request to 202, ms. */
  accept: LatencySummary;
  /** Changes still returned to the removed principal when the timeout ran out. */
  lost: number;
  /** Changes whose event reached `completed` while a later query still returned the document. */
  leaks: number;
  /** Changes whose event ended other than `completed`. */
  notCompleted: number;
  /** Texts the ACL-only changes embedded (should be none). */
  textsEmbedded: number;
  /** Documents whose final ACL the queries did not reflect, checked after the run. */
  wrongAtEnd: number;
  errors: number;
  firstError?: string;
}

const GONE_TIMEOUT_MS = 20_000;
/** Seconds of changes the documents cover before one is reused: the slack for slow revocations. */
const ROTATION_SECONDS = 4;

/**
 * Revocation latency: open-loop ACL changes (change i is sent at start + i/rate), each removing
 * one principal from a document readable by `group:a` and `group:b` (see `revocationFor`). Its
 * latency is from the 202 until a query as the removed principal, filtered to that document, no
 * longer returns it: the first query waits with `consistency.afterEvents`, later ones every
 * 20 ms. Then the documents' final ACLs are checked and the documents deleted.
 */
export async function runRevocation(
  client: RaglineClient,
  corpus: readonly BenchDocument[],
  options: { rate: number; seconds: number },
  log: (message: string) => void,
): Promise<RevocationResult> {
  // No more documents than changes: a short (quick) run changes each document once.
  const total = Math.round(options.rate * options.seconds);
  const count = Math.max(10, Math.min(total, Math.ceil(options.rate * ROTATION_SECONDS)));
  const deadline = (): number => Date.now() + 300_000;
  log(`ragline: revocation: ${count} documents readable by group:a and group:b`);
  const documents = await createAclDocuments(client, corpus, count, deadline());
  log(`ragline: revocation at ${options.rate}/s for ${options.seconds} s`);
  const run = await sendRevocations(client, documents, options.rate, total);
  const eventIds = run.samples.map((sample) => sample.eventId);
  await waitForEvents(client, eventIds, deadline());
  const outcomes = new Map<string, EventOutcome>();
  await mapBounded(eventIds, 16, async (id) => outcomes.set(id, await client.event(id)));
  const tally = tallyRevocations(run.samples, (id) => outcomes.get(id)?.status);
  log('ragline: revocation: checking the final ACLs, then deleting the documents');
  const wrongAtEnd = await countWrongAcls(client, documents);
  await deleteAclDocuments(client, documents, deadline());
  let textsEmbedded = 0;
  for (const outcome of outcomes.values()) textsEmbedded += outcome.chunksEmbedded;
  return {
    offeredRate: options.rate,
    seconds: options.seconds,
    documents: count,
    changes: tally.changes,
    achievedRate: run.achievedRate,
    gone: tally.gone,
    accept: summarize(run.acceptMs),
    lost: tally.lost,
    leaks: tally.leaks,
    notCompleted: tally.notCompleted,
    textsEmbedded,
    wrongAtEnd,
    errors: run.errors,
    firstError: run.firstError,
  };
}

interface SendResult {
  samples: RevocationSample[];
  acceptMs: number[];
  achievedRate: number;
  errors: number;
  firstError?: string;
}

/** The open-loop schedule, with each document lent to one change at a time. */
async function sendRevocations(
  client: RaglineClient,
  documents: readonly AclDocument[],
  rate: number,
  total: number,
): Promise<SendResult> {
  const idle = new IdlePool(documents);
  const result: SendResult = { samples: [], acceptMs: [], achievedRate: 0, errors: 0 };
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  let lastSend = started;
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const document = await idle.take();
    lastSend = performance.now();
    const revocation = revocationFor(document.slot, document.changes++);
    document.last = revocation;
    inflight.push(
      revokeAndWait(client, document, revocation)
        .then(
          (measured) => {
            result.acceptMs.push(measured.acceptMs);
            result.samples.push(measured.sample);
          },
          (error: unknown) => {
            result.errors++;
            result.firstError ??= String(error).slice(0, 200);
          },
        )
        .finally(() => idle.release(document)),
    );
  }
  await Promise.all(inflight);
  result.achievedRate = total > 1 ? ((total - 1) * 1000) / (lastSend - started) : total;
  return result;
}

async function revokeAndWait(
  client: RaglineClient,
  document: AclDocument,
  revocation: Revocation,
): Promise<{ acceptMs: number; sample: RevocationSample }> {
  const sent = performance.now();
  // The same text and title: an ACL-only change, which must re-embed nothing.
  const { eventId } = await client.put(document.id, {
    text: document.text,
    title: document.title,
    acl: { read: [revocation.kept] },
  });
  const acceptedAt = performance.now();
  const acceptMs = acceptedAt - sent;
  const deadline = acceptedAt + GONE_TIMEOUT_MS;
  const sample: RevocationSample = { eventId, returnedAfterFinal: false };
  let afterEvents = true;
  while (performance.now() < deadline) {
    const timeoutMs = Math.max(1, Math.round(deadline - performance.now()));
    let readable: boolean;
    try {
      readable = await readableBy(
        client,
        document,
        revocation.removed,
        afterEvents ? { afterEvents: [eventId], timeoutMs } : undefined,
      );
    } catch (error) {
      // Not applied within the deadline: the change is lost, not an error of the bench.
      if (String(error).includes('CONSISTENCY_TIMEOUT')) break;
      throw error;
    }
    if (!readable)
      return { acceptMs, sample: { ...sample, goneMs: performance.now() - acceptedAt } };
    // This response, like every later one, was computed after the event was final.
    sample.returnedAfterFinal = true;
    afterEvents = false;
    await sleep(20);
  }
  return { acceptMs, sample };
}
