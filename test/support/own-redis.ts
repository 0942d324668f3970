import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { freePort } from '@ragline/testing';
import { waitFor } from './test-env';

/** Options of a private Redis. */
export interface OwnRedisOptions {
  /** `--requirepass`: clients must authenticate with it. */
  password?: string;
  /** How long start and restart wait for the first PONG. */
  startTimeoutMs?: number;
}

/** A `redis-server` of one test's own, on a free loopback port, that the test may stop and restart. */
export interface OwnRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` (with the password when there is one). */
  readonly url: string;
  /** The server's working directory (its append-only file lives here). */
  readonly dir: string;
  /** True while the server process runs. */
  running(): boolean;
  /**
   * Stops the server by its PID and waits for it to exit. SIGTERM is a clean shutdown, SIGKILL a
   * crash; with `appendfsync always` neither loses an acknowledged write.
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts the server again on the same port and directory (it reloads its AOF); waits for PONG. */
  restart(): Promise<void>;
  /** Stops the server if it runs and removes its directory. */
  close(): Promise<void>;
  /** What the server printed, for diagnostics. */
  output(): string;
}

/**
 * Starts a private Redis (never the shared one) so a test can break it: AOF on with an fsync per
 * write (a restart loses nothing that was acknowledged), no RDB snapshots, loopback only.
 */
export async function startOwnRedis(options: OwnRedisOptions = {}): Promise<OwnRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'ragline-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
    '--save',
    '',
    ...(options.password === undefined ? [] : ['--requirepass', options.password]),
  ];
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  const url = `redis://${auth}127.0.0.1:${port}`;
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';

  const isRunning = (): boolean =>
    child !== undefined && child.exitCode === null && child.signalCode === null;

  async function launch(): Promise<void> {
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(
      async () => {
        if (!isRunning()) throw new Error(`redis-server exited on start:\n${output}`);
        return (await answersPing(url)) ? true : undefined;
      },
      startTimeoutMs,
      `redis-server on port ${port} to answer PING`,
    );
  }

  async function stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    if (isRunning()) child?.kill(signal);
    await exited;
  }

  await launch();
  return {
    port,
    url,
    dir,
    running: isRunning,
    stop,
    async restart() {
      await stop();
      await launch();
    },
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
    output: () => output,
  };
}

/** One connection attempt, no retries: true when the server answers PONG. */
async function answersPing(url: string): Promise<boolean> {
  const probe = new IORedis(url, {
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
