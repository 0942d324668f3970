import { describeReply, isRecord, send, unavailableReplyProblem, type Reply } from './fault-http';

export interface OutageBounds {
  /** `/ready` must answer 503 within this long. */
  readyMs: number;
  /** Reads (`GET /v1/documents/:id`, `GET /v1/status`) must answer 503 within this long. */
  readMs: number;
}

/** What the probes saw while Redis was down. */
export interface OutageProbeReport {
  ready: Reply[];
  reads: Reply[];
  problems: string[];
}

/** Least time between two probes of one route, so a fast 503 does not turn into a busy loop. */
const PROBE_PACE_MS = 200;

/**
 * Asks `/ready`, a document and `/v1/status` over and over while a dependency is down, each in a
 * loop of its own (a hung route must not hide the others). `stop()` ends the loops, waits for the
 * probes in flight, and judges every answer: readiness says 503 in time and names Redis; reads say
 * 503 with Retry-After in the error shape, never 500, never silence.
 */
export function startOutageProbes(
  baseUrl: string,
  documentId: string,
  bounds: OutageBounds,
): { stop(): Promise<OutageProbeReport> } {
  let running = true;
  const report: OutageProbeReport = { ready: [], reads: [], problems: [] };
  const loop = async (path: string, onReply: (reply: Reply) => void, boundMs: number) => {
    while (running) {
      const started = Date.now();
      onReply(await send(baseUrl, 'GET', path, { timeoutMs: boundMs + 500 }));
      const rest = started + PROBE_PACE_MS - Date.now();
      if (rest > 0 && running) await new Promise((resolve) => setTimeout(resolve, rest));
    }
  };
  const judgeRead = (reply: Reply) => {
    report.reads.push(reply);
    const problem = unavailableReplyProblem(reply, bounds.readMs);
    if (problem) report.problems.push(problem);
  };
  const loops = [
    loop(
      '/ready',
      (reply) => {
        report.ready.push(reply);
        const problem = readyProblem(reply, bounds.readyMs);
        if (problem) report.problems.push(problem);
      },
      bounds.readyMs,
    ),
    loop(`/v1/documents/${encodeURIComponent(documentId)}`, judgeRead, bounds.readMs),
    loop('/v1/status', judgeRead, bounds.readMs),
  ];
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return report;
    },
  };
}

function readyProblem(reply: Reply, boundMs: number): string | undefined {
  if (typeof reply.status !== 'number') return `no answer: ${describeReply(reply)}`;
  if (reply.status !== 503) return `not 503: ${describeReply(reply)}`;
  if (reply.ms > boundMs) return `slower than ${boundMs} ms: ${describeReply(reply)}`;
  if (!isRecord(reply.body)) return `503 without a JSON body: ${describeReply(reply)}`;
  if (!/redis/i.test(JSON.stringify(reply.body)))
    return `503 not naming redis: ${describeReply(reply)} ${JSON.stringify(reply.body).slice(0, 200)}`;
  return undefined;
}
