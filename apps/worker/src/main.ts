import 'reflect-metadata';
import { loadConfig } from '@ragline/config';
import { checkRedisReachable } from '@ragline/redis';
import { exitOnStartupError } from '@ragline/errors';
import { handleShutdownSignals } from '@ragline/shutdown';
import { createWorkerApp } from './bootstrap';

/** `npm run start:worker`: one worker process; run as many as you like against one Redis. */
async function main(): Promise<void> {
  const config = loadConfig();
  const problem = await checkRedisReachable(config.REDIS_URL);
  if (problem) throw new Error(problem);
  const app = await createWorkerApp(config);
  // Closing stops every consumer taking jobs and waits for the active ones (BullMQ's close), then
  // closes stores and Redis. Past the bound the process exits: unfinished jobs are stalled, and
  // another worker takes them over after WORKER_LOCK_DURATION_MS.
  handleShutdownSignals(
    async (log) => {
      log('draining', { note: 'taking no new jobs; active ones finish' });
      await app.close();
    },
    { role: 'worker', timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
  );
}

main().catch(exitOnStartupError);
