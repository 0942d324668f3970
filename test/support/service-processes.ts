import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from './test-env';

export { freePort } from '@ragline/testing';

const ROOT = join(__dirname, '..', '..');

export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  /** Stops the process (SIGTERM, or SIGKILL to simulate a crash) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `dist/apps/<role>/src/main.js` (built by the e2e global setup) with the given environment. */
export function startService(
  role: 'api' | 'worker' | 'standalone',
  env: Record<string, string>,
): ServiceProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', role, 'src', 'main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Waits until GET /ready answers 200. */
export async function waitReady(
  baseUrl: string,
  service: ServiceProcess,
  timeoutMs = 20_000,
): Promise<void> {
  await waitFor(
    async () => {
      if (service.child.exitCode !== null)
        throw new Error(`service exited early:\n${service.output()}`);
      try {
        const response = await fetch(`${baseUrl}/ready`);
        return response.ok ? true : undefined;
      } catch {
        return undefined;
      }
    },
    timeoutMs,
    `${baseUrl}/ready`,
  );
}
