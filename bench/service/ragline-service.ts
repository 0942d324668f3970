import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { onCleanup } from '../support/cleanup-registry';
import { sleep } from '../support/bounded-pool';
import { freePort } from '@ragline/testing';
import { peakRssMiB } from './process-memory';
import { deleteRedisPrefix } from '@ragline/testing';
import type { BenchOptions } from '../cli/bench-options';

export interface ServiceOptions {
  workers: number;
  embedder: 'hash' | 'local';
  redisUrl: string;
  workerConcurrency: number;
  /** Extra env for both process kinds (e.g. STORE_OPTIMIZE_INTERVAL_MS). */
  env?: Record<string, string>;
}

export interface RunningService {
  baseUrl: string;
  prefix: string;
  dataDir: string;
  logDir: string;
  api: ChildProcess;
  workers: ChildProcess[];
  /** VmHWM of each process, sampled now (call before stop). */
  peakRss(): { apiMiB?: number; workerMiB: (number | undefined)[] };
  stop(): Promise<void>;
}

const DIST = resolve(__dirname, '..', '..');

/** The service as a bench phase runs it: the run's embedder, Redis and worker concurrency. */
export function startBenchService(
  options: Pick<BenchOptions, 'embedder' | 'redisUrl' | 'workerConcurrency'>,
  workers = 1,
): Promise<RunningService> {
  return startService({
    workers,
    embedder: options.embedder,
    redisUrl: options.redisUrl,
    workerConcurrency: options.workerConcurrency,
  });
}
const API_MAIN = join(DIST, 'apps/api/src/main.js');
const WORKER_MAIN = join(DIST, 'apps/worker/src/main.js');

/**
 * Starts Ragline as a user would: one API process and `workers` worker processes from the build,
 * on the real Redis under a fresh queue prefix, with the embedded store in a fresh temp dir.
 * Everything it creates is removed by stop(), or by the cleanup registry if the bench dies.
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const root = mkdtempSync(join(tmpdir(), 'ragline-bench-'));
  const dataDir = join(root, 'data');
  const logDir = join(root, 'logs');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    // The API alone defaults to AUTH=required; the bench drives it on loopback without keys, and
    // names `principals` in queries as a trusted caller may (docs/decisions/0003).
    AUTH: 'off',
    REDIS_URL: options.redisUrl,
    RAGLINE_QUEUE_PREFIX: prefix,
    DATA_DIR: dataDir,
    EMBEDDER: options.embedder,
    WORKER_CONCURRENCY: String(options.workerConcurrency),
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const children: ChildProcess[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.all(children.map((child) => stopChild(child)));
    await deleteRedisPrefix(options.redisUrl, prefix);
    rmSync(root, { recursive: true, force: true });
  };
  const unregister = onCleanup(`service ${prefix}`, stop);

  const launch = (name: string, main: string): ChildProcess => {
    mkdirSync(logDir, { recursive: true });
    const log = openSync(join(logDir, `${name}.log`), 'a');
    const child = spawn(process.execPath, [main], { env, stdio: ['ignore', log, log] });
    closeSync(log);
    children.push(child);
    return child;
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    // The API creates the library first, so concurrent workers never race to create it.
    const api = launch('api', API_MAIN);
    await waitReady(baseUrl, api, 60_000);
    const workers = Array.from({ length: options.workers }, (_, i) =>
      launch(`worker-${i}`, WORKER_MAIN),
    );
    await sleep(500);
    for (const worker of workers) {
      if (worker.exitCode !== null) throw new Error(`a worker exited at start; logs: ${logDir}`);
    }
    return {
      baseUrl,
      prefix,
      dataDir,
      logDir,
      api,
      workers,
      peakRss: () => ({
        apiMiB: api.pid ? peakRssMiB(api.pid) : undefined,
        workerMiB: workers.map((w) => (w.pid ? peakRssMiB(w.pid) : undefined)),
      }),
      stop: async () => {
        unregister();
        await stop();
      },
    };
  } catch (error) {
    unregister();
    await stop();
    throw error;
  }
}

async function waitReady(baseUrl: string, api: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited with code ${api.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`the API was not ready within ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL if the process has not exited within 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
