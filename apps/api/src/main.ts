import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@ragline/config';
import { checkRedisReachable } from '@ragline/queue';
import { exitOnStartupError } from '@ragline/errors';
import { createApiApp } from './bootstrap';
import { listen } from './listen';

/** `npm run start:api`: the HTTP service alone; run workers with `npm run start:worker`. */
async function main(): Promise<void> {
  const config = loadConfig();
  const problem = await checkRedisReachable(config.REDIS_URL);
  if (problem) throw new Error(problem);
  const app = await createApiApp(config);
  app.get(Logger).log(`listening on ${await listen(app, config)} (api)`, 'ragline');
}

main().catch(exitOnStartupError);
