import { MARKER, HISTORY_TOKEN, type HistorySend } from './acl-history-model';
import type { Hit, PermissionClient } from './permission-client';
import { mayRead } from './permission-model';

/** One principal set the loop reads as, with a key bound to it. */
export interface HistoryReader {
  principals: readonly string[];
  boundKey: string;
}

export interface ReaderReport {
  queries: number;
  hitsChecked: number;
  /** Distinct document versions the loop saw: more than one per document means it saw them change. */
  versionsSeen: number;
  violations: string[];
}

/**
 * Checks one hit against the send it comes from (its `metadata.send`): that send must have been
 * accepted (a superseded version is never applied), its own ACL must let the reader read it, and
 * its text must be that send's (payload and text from one commit). Versions of a document seen
 * by one sequential reader never go back.
 */
export function checkHit(
  hit: Hit,
  principals: readonly string[],
  sends: ReadonlyMap<string, HistorySend>,
  lastSeen: Map<string, number>,
): string[] {
  const who = principals.length === 0 ? '(no principals)' : principals.join('+');
  const tag = hit.metadata.send;
  const send = typeof tag === 'string' ? sends.get(tag) : undefined;
  if (!send) return [`${who}: hit of ${hit.documentId} carries no known send (${String(tag)})`];
  const problems: string[] = [];
  const at = `${send.documentId} v${send.predicted.version} (${send.tag})`;
  if (send.predicted.status !== 'queued') problems.push(`${who} read superseded ${at}`);
  if (!mayRead(send.acl, principals)) {
    problems.push(`${who} read ${at}, whose ACL ${JSON.stringify(send.acl ?? null)} denies it`);
  }
  if (MARKER.exec(hit.text)?.[0] !== send.marker) {
    problems.push(`${who}: ${at} came with the text of another version`);
  }
  const seen = lastSeen.get(send.documentId) ?? -1;
  if (send.predicted.version < seen) problems.push(`${who} read ${at} after v${seen}`);
  lastSeen.set(send.documentId, Math.max(seen, send.predicted.version));
  return problems;
}

/** The run's documents as `principals` read them, by the bound key or `query:on-behalf`. */
export async function readRun(
  client: PermissionClient,
  library: string,
  runId: string,
  reader: HistoryReader,
  onBehalfKey: string | undefined,
): Promise<Hit[]> {
  const body = {
    query: HISTORY_TOKEN,
    mode: 'sparse',
    topK: 100,
    filter: { metadata: { run: runId } },
  };
  return onBehalfKey === undefined
    ? client.query(library, reader.boundKey, body)
    : client.query(library, onBehalfKey, { ...body, principals: reader.principals });
}

/**
 * Queries the run as each reader, in turn, by both paths, until stopped; every hit is checked.
 * `stop()` resolves after the loop's last query, with at least one full round done.
 */
export function startReaderLoop(options: {
  client: PermissionClient;
  library: string;
  runId: string;
  readers: readonly HistoryReader[];
  onBehalfKey: string;
  sends: ReadonlyMap<string, HistorySend>;
}): { stop(): Promise<ReaderReport> } {
  const report: ReaderReport = { queries: 0, hitsChecked: 0, versionsSeen: 0, violations: [] };
  const lastSeen = new Map<string, number>();
  const versions = new Set<unknown>();
  let running = true;
  const loop = (async () => {
    let round = 0;
    while (running || round === 0) {
      for (const reader of options.readers) {
        const viaKey = (round + report.queries) % 2 === 0 ? undefined : options.onBehalfKey;
        const hits = await readRun(options.client, options.library, options.runId, reader, viaKey);
        report.queries++;
        for (const hit of hits) {
          report.hitsChecked++;
          versions.add(hit.metadata.send);
          report.violations.push(...checkHit(hit, reader.principals, options.sends, lastSeen));
        }
      }
      round++;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ...report, versionsSeen: versions.size };
    },
  };
}
