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

/** Chunking the stack runs with; the library check splits the model's texts the same way. */
export const FAULT_CHUNKING = { chunkSizeTokens: 256, chunkOverlapTokens: 32 };

/** API and worker as separate processes on a private Redis, with a prefix and data dir of their own. */
export interface FaultStack {
  redis: OwnRedis;
  baseUrl: string;
  /** Environment both processes get (the API adds PORT and HOST). */
  env: Record<string, string>;
  api: ServiceProcess;
  /** The worker process running now. */
  worker(): ServiceProcess;
  /**
   * Sends `signal` to the current worker, waits up to `exitBoundMs` for it to exit (then kills it),
   * and starts a new one. Returns how long the old one took to exit, or undefined if it did not.
   */
  replaceWorker(signal: 'SIGKILL' | 'SIGTERM', exitBoundMs?: number): Promise<number | undefined>;
  /** Lines either process printed that are not JSON log lines, as `<role> <stream>: <line>`. */
  nonJsonLines(): string[];
  close(): Promise<void>;
}

interface Captured {
  label: string;
  text: string;
}

/** Starts a private Redis, then an API process and a worker process pointing at it. */
export async function startFaultStack(overrides: Record<string, string> = {}): Promise<FaultStack> {
  const redis = await startOwnRedis();
  const dataDir = await mkdtemp(join(tmpdir(), 'ragline-fault-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    REDIS_URL: redis.url,
    RAGLINE_QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    EMBEDDER: 'hash',
    // On loopback; the suite is about faults, the isolation suite about keys.
    AUTH: 'off',
    RATE_LIMIT_PER_MINUTE: '0',
    METRICS_PORT: '0',
    // Jobs of a dead worker are taken over in about two seconds.
    WORKER_LOCK_DURATION_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    STORE_OPTIMIZE_INTERVAL_MS: '0',
    CHUNK_SIZE_TOKENS: String(FAULT_CHUNKING.chunkSizeTokens),
    CHUNK_OVERLAP_TOKENS: String(FAULT_CHUNKING.chunkOverlapTokens),
    ...overrides,
  };
  const captured: Captured[] = [];
  const started: Array<{ role: string; service: ServiceProcess }> = [];
  const launch = (role: 'api' | 'worker', extra: Record<string, string> = {}): ServiceProcess => {
    const service = startService(role, { ...env, ...extra });
    const generation = started.filter((s) => s.role === role).length + 1;
    started.push({ role, service });
    // Each stream apart (output() mixes them): a line must not be cut by the other stream.
    for (const [name, stream] of [
      ['stdout', service.child.stdout],
      ['stderr', service.child.stderr],
    ] as const) {
      const entry: Captured = { label: `${role}#${generation} ${name}`, text: '' };
      captured.push(entry);
      stream?.on('data', (chunk: Buffer) => (entry.text += chunk.toString()));
    }
    return service;
  };

  let worker = launch('worker');
  const api = launch('api', { PORT: String(port), HOST: '127.0.0.1' });
  try {
    await waitReady(baseUrl, api);
  } catch (error) {
    await Promise.all(started.map(({ service }) => service.stop('SIGKILL')));
    await redis.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    redis,
    baseUrl,
    env,
    api,
    worker: () => worker,
    async replaceWorker(signal, exitBoundMs = 15_000) {
      const sent = performance.now();
      const inTime = await stopWithin(worker, signal, exitBoundMs);
      const exitMs = inTime ? performance.now() - sent : undefined;
      worker = launch('worker');
      return exitMs;
    },
    nonJsonLines: () =>
      captured.flatMap(({ label, text }) =>
        text
          .split('\n')
          .filter((line) => line.trim() !== '' && !isJsonLine(line))
          .map((line) => `${label}: ${line.slice(0, 300)}`),
      ),
    async close() {
      await Promise.all(started.map(({ service }) => stopWithin(service, 'SIGTERM', 10_000)));
      await redis.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sends `signal` and waits up to `boundMs` for the exit, else kills; true if it exited in time. */
async function stopWithin(
  service: ServiceProcess,
  signal: NodeJS.Signals,
  boundMs: number,
): Promise<boolean> {
  const inTime = await Promise.race([
    service.stop(signal).then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), boundMs).unref()),
  ]);
  if (!inTime) await service.stop('SIGKILL');
  return inTime;
}

/** True when the line is one JSON object (a pino log line). */
export function isJsonLine(line: string): boolean {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null;
  } catch {
    return false;
  }
}
