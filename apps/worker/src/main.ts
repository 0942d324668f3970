import 'reflect-metadata';
import { loadConfig } from '@ragline/config';
import { checkRedisReachable } from '@ragline/redis';
import { exitOnStartupError } from '@ragline/errors';
import { createWorkerApp } from './bootstrap';

/** `npm run start:worker`: one worker process; run as many as you like against one Redis. */
async function main(): Promise<void> {
  const config = loadConfig();
  const problem = await checkRedisReachable(config.REDIS_URL);
  if (problem) throw new Error(problem);
  await createWorkerApp(config);
}

main().catch(exitOnStartupError);
