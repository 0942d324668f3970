import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { freePort } from '@ragline/testing';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServiceOptions {
  /** Repository root: the build lives in `<root>/dist`. */
  root: string;
  env: Record<string, string>;
  /** stdout and stderr of the service go here (LanceDB logs Rust WARN lines to stderr). */
  logFile: string;
  readyTimeoutMs?: number;
}

export interface RunningService {
  baseUrl: string;
  pid: number;
  /** How the process ended (`code 1`, `signal SIGKILL`), or undefined while it runs. */
  exitStatus(): string | undefined;
  stop(): Promise<void>;
}

/**
 * Starts Ragline's all-in-one process (API + worker, `dist/apps/standalone`) on a free
 * 127.0.0.1 port and waits until /ready answers. The caller must `stop()` it, also on signals.
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(options.root, 'dist/apps/standalone/src/main.js')], {
    cwd: options.root,
    env: { ...pathEnv(), ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(options.logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  const service: RunningService = {
    baseUrl,
    pid: child.pid ?? -1,
    exitStatus: () =>
      child.exitCode !== null
        ? `code ${child.exitCode}`
        : child.signalCode !== null
          ? `signal ${child.signalCode}`
          : undefined,
    stop: () => stopChild(child),
  };
  try {
    await waitReady(child, baseUrl, options.readyTimeoutMs ?? 120_000, options.logFile);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}

/** Only what a Node process needs to run: the service reads its config from `env`, nothing else. */
function pathEnv(): Record<string, string> {
  const { PATH, HOME, TMPDIR } = process.env;
  return Object.fromEntries(
    Object.entries({ PATH, HOME, TMPDIR }).filter((entry): entry is [string, string] => !!entry[1]),
  );
}

async function waitReady(child: ChildProcess, baseUrl: string, timeoutMs: number, logFile: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the service exited (${child.exitCode ?? child.signalCode}); see ${logFile}`);
    }
    try {
      const response = await fetch(`${baseUrl}/ready`);
      if (response.ok) return;
    } catch {
      // Not listening yet (the local embedder loads its model before the API binds).
    }
    await sleep(250);
  }
  throw new Error(`the service was not ready within ${timeoutMs} ms; see ${logFile}`);
}

/** SIGTERM for a graceful shutdown (the worker finishes its jobs), SIGKILL if it hangs. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
