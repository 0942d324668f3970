import { z } from 'zod';
import { Chunker } from '@ragline/chunking';
import { waitFor } from '../support/test-env';
import { describeReply, send } from './fault-http';
import { FAULT_CHUNKING } from './fault-stack';
import type { AcceptedChange } from './ingest-stream';

/** What the library check found; empty lists mean the library equals the model. */
export interface LibraryReport {
  events: number;
  /** How long the events took to become final once the check began. */
  settleMs: number;
  /** Events that did not end completed or superseded (failed, or still pending at the deadline). */
  notFinal: string[];
  documents: number;
  mismatches: string[];
}

const eventSchema = z.object({ status: z.string() });
const documentSchema = z.object({ status: z.string(), version: z.number().nullable() });
const querySchema = z.object({
  results: z.array(z.object({ documentId: z.string(), text: z.string() })),
});
const TOKEN = /rv[0-9a-f]{10}/g;
const chunker = new Chunker(FAULT_CHUNKING);

/**
 * The convergence check: every accepted event reaches a final state other than failed, then each
 * document equals the model, i.e. its accepted change with the highest version: GET shows that
 * status and version, a query for the revision's token filtered to the document returns exactly
 * that revision's chunks, and a query for every older revision's token returns none.
 */
export async function checkLibrary(
  baseUrl: string,
  accepted: AcceptedChange[],
  timeoutMs = 60_000,
): Promise<LibraryReport> {
  const started = Date.now();
  const notFinal = await waitForFinalEvents(baseUrl, accepted, timeoutMs);
  const settleMs = Date.now() - started;
  const winners = modelOf(accepted);
  const tokens = new Map<string, Set<string>>();
  for (const { change } of accepted) {
    if (change.token === undefined) continue;
    const set = tokens.get(change.documentId) ?? new Set<string>();
    tokens.set(change.documentId, set.add(change.token));
  }
  const mismatches: string[] = [];
  await inParallel([...winners.values()], 8, async (winner) => {
    const own = tokens.get(winner.change.documentId) ?? new Set<string>();
    mismatches.push(...(await compareDocument(baseUrl, winner, own)));
  });
  return {
    events: new Set(accepted.map((a) => a.eventId)).size,
    settleMs,
    notFinal,
    documents: winners.size,
    mismatches,
  };
}

/** Per document, the accepted change with the highest version (a superseded answer never wins a tie). */
function modelOf(accepted: AcceptedChange[]): Map<string, AcceptedChange> {
  const winners = new Map<string, AcceptedChange>();
  for (const candidate of accepted) {
    const current = winners.get(candidate.change.documentId);
    const better =
      !current ||
      candidate.version > current.version ||
      (candidate.version === current.version && current.status === 'superseded');
    if (better) winners.set(candidate.change.documentId, candidate);
  }
  return winners;
}

async function waitForFinalEvents(
  baseUrl: string,
  accepted: AcceptedChange[],
  timeoutMs: number,
): Promise<string[]> {
  const pending = new Map(accepted.map((a) => [a.eventId, 'unknown']));
  const failed: string[] = [];
  const round = async () => {
    await inParallel([...pending.keys()], 16, async (eventId) => {
      const reply = await send(baseUrl, 'GET', `/v1/events/${eventId}`, { timeoutMs: 5000 });
      const event = eventSchema.safeParse(reply.body);
      const status =
        reply.status === 200 && event.success ? event.data.status : describeReply(reply);
      if (status === 'completed' || status === 'superseded') pending.delete(eventId);
      else if (status === 'failed') {
        pending.delete(eventId);
        failed.push(`event ${eventId}: failed`);
      } else pending.set(eventId, status);
    });
    return pending.size === 0 ? true : undefined;
  };
  await waitFor(round, timeoutMs, 'every accepted event to be final').catch(() => undefined);
  return [...failed, ...[...pending].map(([eventId, status]) => `event ${eventId}: ${status}`)];
}

async function compareDocument(
  baseUrl: string,
  winner: AcceptedChange,
  tokens: Set<string>,
): Promise<string[]> {
  const { documentId, kind, text, token } = winner.change;
  const problems: string[] = [];
  const path = `/v1/documents/${encodeURIComponent(documentId)}`;
  const reply = await send(baseUrl, 'GET', path, { timeoutMs: 5000 });
  const state = documentSchema.safeParse(reply.body);
  const expectedStatus = kind === 'upsert' ? 'indexed' : 'deleted';
  if (reply.status !== 200 || !state.success)
    problems.push(`${documentId}: ${describeReply(reply)}`);
  else if (state.data.status !== expectedStatus || state.data.version !== winner.version) {
    problems.push(
      `${documentId}: GET says ${state.data.status} v${state.data.version}, model ${expectedStatus} v${winner.version}`,
    );
  }
  const expected = text === undefined ? [] : (await chunker.split(text)).map((c) => c.text);
  // The revision's own token finds its chunks; the older revisions' tokens must find nothing
  // (asked apart: the query merges chunks of one document at the same index into one result).
  const older = [...tokens].filter((t) => t !== token);
  const queries: Array<[string, string | undefined, string[]]> = [
    ['its token', token, expected],
    ['older tokens', older.length > 0 ? older.join(' ') : undefined, []],
  ];
  for (const [what, query, want] of queries) {
    if (query === undefined) continue;
    const answer = await send(baseUrl, 'POST', '/v1/query', {
      body: { query, filter: { documentId }, topK: 50, mode: 'sparse' },
      timeoutMs: 5000,
    });
    const parsed = querySchema.safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success) {
      problems.push(`${documentId}: query for ${what}: ${describeReply(answer)}`);
      continue;
    }
    const texts = parsed.data.results.map((r) => r.text).sort();
    if (JSON.stringify(texts) !== JSON.stringify([...want].sort())) {
      const seen = texts.map((t) => t.match(TOKEN)?.join('+') ?? '(no token)');
      problems.push(
        `${documentId}: query for ${what} returned ${texts.length} chunks [${seen.join(', ')}], model ${want.length} [${want.length > 0 ? token : ''}]`,
      );
    }
  }
  return problems;
}

async function inParallel<T>(
  items: T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
    }),
  );
}
