import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOwnRedis } from '../support/own-redis';
import { freePort, startService } from '../support/service-processes';
import { waitFor } from '../support/test-env';
import {
  firstOf,
  intakeProblems,
  maxSeconds,
  timeUntilReady,
  waitForActiveJobs,
} from './fault-findings';
import { isJsonLine, startFaultStack, type FaultStack } from './fault-stack';
import { IngestStream } from './ingest-stream';
import { checkLibrary } from './library-check';
import { startOutageProbes } from './outage-probes';

/** How long Redis stays down in the outage scenario (RAGLINE_FAULT_OUTAGE_MS to change it). */
const OUTAGE_MS = Number(process.env.RAGLINE_FAULT_OUTAGE_MS ?? 8000);
/** How Redis is stopped: SIGTERM (a clean shutdown) or SIGKILL (a crash); AOF fsyncs either way. */
const REDIS_STOP_SIGNAL =
  process.env.RAGLINE_FAULT_REDIS_SIGNAL === 'SIGKILL' ? 'SIGKILL' : 'SIGTERM';
/** Every intake and read request must be answered within this, outage or not. */
const REQUEST_BOUND_MS = 3000;
/** `/ready` must answer within this. */
const READY_BOUND_MS = 1500;
/** A worker sent SIGTERM must be gone within this. */
const WORKER_EXIT_BOUND_MS = 15_000;
const WORKER_FAULTS = 2;
const stream = (stack: FaultStack, paceMs: number) =>
  new IngestStream(stack.baseUrl, `f${randomBytes(3).toString('hex')}`, {
    documents: 50,
    lanes: 5,
    deleteShare: 0.15,
    paceMs,
    // Slightly above the bound: a request still open then is hung, and recorded as such.
    timeoutMs: REQUEST_BOUND_MS + 500,
  });

/**
 * The fault suite (issue 12): API and worker as separate processes on a Redis of the test's own
 * (AOF, fsync always), a client streaming changes, and a fault in the middle. After each, every
 * accepted event is final and the library equals the model; during a Redis outage every request
 * gets a bounded answer (202 or 503 with Retry-After), and both processes recover by themselves.
 */
describe('fault suite: worker crashes and a Redis outage under a stream of changes', () => {
  let stack: FaultStack | undefined;

  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it.each([['SIGKILL' as const], ['SIGTERM' as const]])(
    'worker %s mid-ingest: a new worker finishes everything, the library equals the model',
    async (signal) => {
      stack = await startFaultStack();
      const client = stream(stack, 0);
      client.start();
      const active: number[] = [];
      const exits: Array<number | undefined> = [];
      for (let fault = 1; fault <= WORKER_FAULTS; fault++) {
        await client.waitAccepted(fault * 150, 30_000);
        active.push(await waitForActiveJobs(stack.baseUrl));
        exits.push(await stack.replaceWorker(signal, WORKER_EXIT_BOUND_MS));
      }
      await client.waitAccepted(client.accepted.length + 150, 30_000);
      await client.stop();
      const refused = await client.retryPending(20_000);
      const library = await checkLibrary(stack.baseUrl, client.accepted);
      const exitTimes = exits.map((ms) =>
        ms === undefined ? 'no exit' : `${(ms / 1000).toFixed(1)} s`,
      );
      console.log(
        `fault: worker ${signal} x${WORKER_FAULTS} mid-ingest (${active.join(', ')} jobs active; exits ${exitTimes.join(', ')}): ` +
          `${library.events} events accepted, ${library.events - library.notFinal.length} final (after ${(library.settleMs / 1000).toFixed(1)} s), ${refused.length} refused; ` +
          `${library.documents} documents checked, ${library.mismatches.length} differ from the model`,
      );
      expect({
        intakeProblems: firstOf(intakeProblems(client.replies, REQUEST_BOUND_MS, ['before'])),
        refused: firstOf(refused),
        workerDidNotExit: signal === 'SIGTERM' ? exitTimes.filter((t) => t === 'no exit') : [],
        eventsNotFinal: firstOf(library.notFinal),
        libraryMismatches: firstOf(library.mismatches),
        nonJsonOutput: firstOf(stack.nonJsonLines()),
      }).toEqual({
        intakeProblems: [],
        refused: [],
        workerDidNotExit: [],
        eventsNotFinal: [],
        libraryMismatches: [],
        nonJsonOutput: [],
      });
    },
    120_000,
  );

  it(`Redis stopped ${OUTAGE_MS / 1000} s mid-ingest: bounded 503s, then recovery and convergence`, async () => {
    stack = await startFaultStack();
    const client = stream(stack, 50);
    client.start();
    await client.waitAccepted(100, 30_000);

    client.phase = 'outage';
    const stoppedAt = Date.now();
    await stack.redis.stop(REDIS_STOP_SIGNAL);
    const probes = startOutageProbes(stack.baseUrl, client.documentIds()[0], {
      readyMs: READY_BOUND_MS,
      readMs: REQUEST_BOUND_MS,
    });
    // The outage is the fault's length, not a wait for the product.
    await waitFor(
      async () => (Date.now() - stoppedAt >= OUTAGE_MS ? true : undefined),
      OUTAGE_MS + 1000,
      'the outage to last its length',
    );
    const seen = await probes.stop();
    client.phase = 'recovery';
    await stack.redis.restart();
    const outageMs = Date.now() - stoppedAt;
    const recoveryMs = await timeUntilReady(stack.baseUrl, 30_000);

    client.phase = 'after';
    const refused: string[] = [];
    let library: Awaited<ReturnType<typeof checkLibrary>> | undefined;
    if (recoveryMs !== undefined) {
      await client.waitAccepted(client.accepted.length + 100, 30_000).catch(() => undefined);
      await client.stop();
      refused.push(...(await client.retryPending(30_000)));
      library = await checkLibrary(stack.baseUrl, client.accepted);
    } else await client.stop();

    const during = client.replies.filter((r) => r.phase === 'outage');
    const count = (status: number | string) => during.filter((r) => r.status === status).length;
    const hung = client.replies.filter((r) => r.status === 'timeout').length;
    console.log(
      `fault: redis outage (${REDIS_STOP_SIGNAL}) ${(outageMs / 1000).toFixed(1)} s: ${client.accepted.length} accepted ` +
        `(${count(202)} during it), ${count(503)} x 503 (max ${maxSeconds(during)} s), ${hung} hung; ` +
        `/ready ${seen.ready.filter((r) => r.status === 503).length}/${seen.ready.length} x 503 (max ${maxSeconds(seen.ready)} s), ` +
        `reads ${seen.reads.filter((r) => r.status === 503).length}/${seen.reads.length} x 503 (max ${maxSeconds(seen.reads)} s); ` +
        `recovered in ${recoveryMs === undefined ? 'never (30 s)' : `${(recoveryMs / 1000).toFixed(1)} s`}; ` +
        `${library?.documents ?? 0} documents checked, ${library?.mismatches.length ?? 'not'} differ from the model`,
    );
    expect({
      intakeProblems: firstOf(intakeProblems(client.replies, REQUEST_BOUND_MS, ['before'])),
      probeProblems: firstOf(seen.problems),
      exited: [stack.api, stack.worker()].filter((s) => s.child.exitCode !== null).length,
      recovered: recoveryMs !== undefined,
      refused: firstOf(refused),
      eventsNotFinal: firstOf(library?.notFinal ?? []),
      libraryMismatches: firstOf(library?.mismatches ?? []),
      nonJsonOutput: firstOf(stack.nonJsonLines()),
    }).toEqual({
      intakeProblems: [],
      probeProblems: [],
      exited: 0,
      recovered: true,
      refused: [],
      eventsNotFinal: [],
      libraryMismatches: [],
      nonJsonOutput: [],
    });
  }, 150_000);

  it('refuses to start on a wrong Redis password with one line saying "authentication failed"', async () => {
    const secret = randomBytes(6).toString('hex');
    const redis = await startOwnRedis({ password: `right-${secret}` });
    const dataDir = await mkdtemp(join(tmpdir(), 'ragline-fault-'));
    const api = startService('api', {
      REDIS_URL: `redis://:wrong-${secret}@127.0.0.1:${redis.port}`,
      RAGLINE_QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      EMBEDDER: 'hash',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
    });
    try {
      const exited = await waitFor(
        async () => (api.child.exitCode !== null ? true : undefined),
        15_000,
        'the API to exit',
      ).catch(() => false);
      const lines = api
        .output()
        .split('\n')
        .filter((line) => line.trim() !== '');
      const raw = lines.filter((line) => !isJsonLine(line));
      expect({
        exited,
        failedExitCode: api.child.exitCode !== null && api.child.exitCode !== 0,
        saysAuthenticationFailed: lines.filter((line) => /authentication failed/i.test(line)),
        otherRawLines: raw.filter((line) => !/authentication failed/i.test(line)),
        leaksPassword: api.output().includes(secret),
      }).toEqual({
        exited: true,
        failedExitCode: true,
        saysAuthenticationFailed: [expect.any(String)],
        otherRawLines: [],
        leaksPassword: false,
      });
    } finally {
      await api.stop('SIGKILL');
      await redis.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
