import 'reflect-metadata';
import { loadConfig } from '@ragline/config';
import { checkRedisReachable } from '@ragline/queue';
import { createApiApp } from './bootstrap';
import { exitOnStartupError } from '@ragline/errors';

/** `npm run start:api`: the HTTP service alone; run workers with `npm run start:worker`. */
async function main(): Promise<void> {
  const config = loadConfig();
  const problem = await checkRedisReachable(config.REDIS_URL);
  if (problem) throw new Error(problem);
  const app = await createApiApp(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch(exitOnStartupError);
