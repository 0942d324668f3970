import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startOwnRedis, type OwnRedis } from '../support/own-redis';
import {
  freePort,
  startService,
  waitReady,
  type ServiceProcess,
} from '../support/service-processes';
import { waitFor } from '../support/test-env';
import { firstOf } from './fault-findings';
import { FAULT_CHUNKING } from './fault-stack';
import { IngestStream } from './ingest-stream';
import { checkLibrary } from './library-check';
import { logMessages, waitExit, waitRefused, watchReadiness } from './shutdown-probes';

const DRAIN_MS = 1500;
const TIMEOUT_MS = 15_000;

/**
 * `npm start` (API and worker in one process) on a private Redis: SIGTERM runs the API's order
 * and then the consumers', a restarted process finishes every accepted event, and a second signal
 * during the drain ends the process at once.
 */
describe('graceful shutdown of npm start (standalone)', () => {
  let redis: OwnRedis | undefined;
  let dataDir: string | undefined;
  const started: ServiceProcess[] = [];

  afterEach(async () => {
    await Promise.all(started.splice(0).map((service) => service.stop('SIGKILL')));
    await redis?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('SIGTERM: /ready 503, HTTP closed, consumers closed, done, exit 0; a restart finishes everything; a second signal exits at once', async () => {
    redis = await startOwnRedis();
    dataDir = await mkdtemp(join(tmpdir(), 'ragline-shutdown-'));
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = {
      REDIS_URL: redis.url,
      RAGLINE_QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      EMBEDDER: 'hash',
      AUTH: 'off',
      RATE_LIMIT_PER_MINUTE: '0',
      METRICS_PORT: '0',
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      STORE_OPTIMIZE_INTERVAL_MS: '0',
      CHUNK_SIZE_TOKENS: String(FAULT_CHUNKING.chunkSizeTokens),
      CHUNK_OVERLAP_TOKENS: String(FAULT_CHUNKING.chunkOverlapTokens),
      SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS),
      PORT: String(port),
      HOST: '127.0.0.1',
    };
    const launch = async () => {
      const service = startService('standalone', env);
      started.push(service);
      await waitReady(baseUrl, service);
      return service;
    };

    const first = await launch();
    const client = new IngestStream(baseUrl, `a${randomBytes(3).toString('hex')}`, {
      documents: 30,
      lanes: 4,
      deleteShare: 0.15,
      paceMs: 25,
      timeoutMs: 3500,
    });
    client.start();
    await client.waitAccepted(100, 30_000);
    const readiness = watchReadiness(baseUrl);
    await waitFor(async () => (client.accepted.length > 110 ? true : undefined), 10_000);
    client.phase = 'shutdown';
    const signalledAt = performance.now();
    first.child.kill('SIGTERM');
    const refusedAt = await waitRefused(baseUrl, TIMEOUT_MS);
    const exit = await waitExit(first, signalledAt, TIMEOUT_MS);
    const ready = await readiness.stop();
    const first503 = ready.find((r) => r.at >= signalledAt && r.status === 503);

    const second = await launch();
    client.phase = 'after';
    await client.waitAccepted(client.accepted.length + 50, 30_000);
    await client.stop();
    const refused = await client.retryPending(30_000);
    const library = await checkLibrary(baseUrl, client.accepted);

    // A second signal during the drain: no waiting for the drain window.
    second.child.kill('SIGTERM');
    await waitFor(
      async () => (second.output().includes('shutdown: draining') ? true : undefined),
      5000,
      'the drain to begin',
    );
    const secondSignalAt = performance.now();
    second.child.kill('SIGINT');
    const forced = await waitExit(second, secondSignalAt, 5000);

    console.log(
      `shutdown: standalone SIGTERM: /ready 503 after ${first503 ? (first503.at - signalledAt).toFixed(0) : '-'} ms, refused after ${(refusedAt - signalledAt).toFixed(0)} ms, ` +
        `exit ${exit?.code} after ${exit?.afterMs.toFixed(0)} ms; ${library.events} events, ${library.notFinal.length} not final, ${library.mismatches.length} documents differ; ` +
        `second signal: exit ${forced?.code} after ${forced?.afterMs.toFixed(0)} ms`,
    );
    expect({
      readyTurned503BeforeRefusing: first503 !== undefined && first503.at < refusedAt,
      exit: exit && { code: exit.code, inTime: exit.afterMs < TIMEOUT_MS },
      phases: logMessages(first.output(), 'shutdown: '),
      refused: firstOf(refused),
      eventsNotFinal: firstOf(library.notFinal),
      libraryMismatches: firstOf(library.mismatches),
      forced: forced && { code: forced.code, beforeDrainEnds: forced.afterMs < DRAIN_MS },
      forcedPhases: logMessages(second.output(), 'shutdown: '),
    }).toEqual({
      readyTurned503BeforeRefusing: true,
      exit: { code: 0, inTime: true },
      phases: [
        'shutdown: draining',
        'shutdown: closed http',
        'shutdown: consumers closed',
        'shutdown: done',
      ],
      refused: [],
      eventsNotFinal: [],
      libraryMismatches: [],
      forced: { code: 130, beforeDrainEnds: true },
      forcedPhases: ['shutdown: draining', 'shutdown: second signal, exiting now'],
    });
  }, 120_000);
});
