import {
  HISTORY_DOCS,
  HISTORY_READERS,
  finalSends,
  planHistory,
  type HistoryOp,
  type HistorySend,
} from './acl-history-model';
import {
  readRun,
  startReaderLoop,
  type HistoryReader,
  type ReaderReport,
} from './acl-history-reader';
import type { PermissionClient } from './permission-client';
import { mayRead } from './permission-model';

export interface HistoryOutcome {
  sends: number;
  superseded: number;
  queries: number;
  hitsChecked: number;
  versionsSeen: number;
  finalChecks: number;
  violations: string[];
}

/**
 * One generated history: sends each document's changes in order (documents in parallel) while a
 * reader loop queries as every reader; then, once all is applied, compares what each reader sees
 * with the model's final state, by both paths.
 */
export async function runHistory(options: {
  client: PermissionClient;
  library: string;
  runId: string;
  ops: readonly HistoryOp[];
  readers: readonly HistoryReader[];
  onBehalfKey: string;
}): Promise<HistoryOutcome> {
  const { client, library, runId } = options;
  const plan = planHistory(options.ops, runId);
  const byTag = new Map(plan.map((send) => [send.tag, send]));
  const violations: string[] = [];
  const loop = startReaderLoop({ ...options, sends: byTag });
  const eventIds: string[] = [];
  const late: Array<{ tag: string; eventId: string }> = [];
  let report: ReaderReport;
  try {
    await sendAll();
    await client.settle(library, eventIds);
    for (const { tag, eventId } of late) {
      const { status } = await client.getEvent(library, eventId);
      if (status !== 'superseded') violations.push(`${tag}: late event became ${status}`);
    }
  } finally {
    // Stopped on failure too: no reader may outlive its run.
    report = await loop.stop();
  }
  violations.push(...report.violations);

  const final = await checkFinalState(client, library, runId, options, finalSends(plan));
  violations.push(...final.violations);
  return {
    sends: plan.length,
    superseded: plan.filter((send) => send.predicted.status === 'superseded').length,
    queries: report.queries + final.queries,
    hitsChecked: report.hitsChecked,
    versionsSeen: report.versionsSeen,
    finalChecks: final.checks,
    violations,
  };

  /** Each document's sends in order, documents in parallel; intake must answer as the model. */
  async function sendAll(): Promise<void> {
    await Promise.all(
      Array.from({ length: HISTORY_DOCS }, async (_, doc) => {
        for (const send of plan.filter((planned) => planned.doc === doc)) {
          const accepted = await client.put(library, send.documentId, send.body);
          eventIds.push(accepted.eventId);
          if (
            accepted.status !== send.predicted.status ||
            accepted.version !== send.predicted.version
          ) {
            violations.push(
              `${send.tag}: intake answered ${accepted.status} v${accepted.version}, the model ${send.predicted.status} v${send.predicted.version}`,
            );
          }
          if (accepted.status === 'superseded') {
            // A late, older version: its event is final at once and must stay superseded.
            late.push({ tag: send.tag, eventId: accepted.eventId });
            const event = await client.getEvent(library, accepted.eventId);
            if (event.status !== 'superseded')
              violations.push(`${send.tag}: event is ${event.status}`);
          } else if (send.settle) {
            await client.settle(library, [accepted.eventId]);
          }
        }
      }),
    );
  }
}

/** After the run: each reader sees exactly the winners its final ACL allows, at their version. */
async function checkFinalState(
  client: PermissionClient,
  library: string,
  runId: string,
  options: { readers: readonly HistoryReader[]; onBehalfKey: string },
  winners: ReadonlyMap<string, HistorySend>,
): Promise<{ checks: number; queries: number; violations: string[] }> {
  const violations: string[] = [];
  let checks = 0;
  let queries = 0;
  for (const reader of options.readers) {
    for (const viaKey of [undefined, options.onBehalfKey]) {
      const hits = await readRun(client, library, runId, reader, viaKey);
      queries++;
      const seen = new Map(hits.map((hit) => [hit.documentId, hit]));
      for (const [documentId, winner] of winners) {
        checks++;
        const who = `${reader.principals.join('+') || '(no principals)'} ${viaKey ? 'on-behalf' : 'bound'}`;
        const hit = seen.get(documentId);
        const allowed = mayRead(winner.acl, reader.principals);
        if (allowed !== (hit !== undefined)) {
          violations.push(
            `final: ${who} ${hit ? 'sees' : 'misses'} ${documentId} v${winner.predicted.version}`,
          );
        } else if (hit && hit.metadata.send !== winner.tag) {
          violations.push(
            `final: ${who} sees ${documentId} at ${String(hit.metadata.send)}, not ${winner.tag}`,
          );
        }
      }
    }
  }
  for (const [documentId, winner] of winners) {
    checks++;
    const { version, acl } = await client.getDocument(library, documentId);
    const actual = JSON.stringify({ version, acl });
    const expected = JSON.stringify({ version: winner.predicted.version, acl: winner.acl ?? null });
    if (actual !== expected)
      violations.push(`final: ${documentId} is ${actual}, the model ${expected}`);
  }
  return { checks, queries, violations };
}

/** The readers of the loop, each with a key bound to its principals. */
export async function createHistoryReaders(client: PermissionClient): Promise<HistoryReader[]> {
  return Promise.all(
    HISTORY_READERS.map(async (principals) => ({
      principals,
      boundKey: await client.createKey(['query'], principals),
    })),
  );
}
