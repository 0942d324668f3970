import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@ragline/config';
import { checkRedisReachable } from '@ragline/redis';
import { exitOnStartupError } from '@ragline/errors';
import { handleShutdownSignals } from '@ragline/shutdown';
import { apiShutdown } from './api-shutdown';
import { createApiApp } from './bootstrap';
import { listen } from './listen';

/** `npm run start:api`: the HTTP service alone; run workers with `npm run start:worker`. */
async function main(): Promise<void> {
  // The API on its own is the production shape: API keys unless AUTH says otherwise.
  const config = loadConfig(process.env, { AUTH: 'required' });
  const problem = await checkRedisReachable(config.REDIS_URL);
  if (problem) throw new Error(problem);
  const app = await createApiApp(config);
  handleShutdownSignals(apiShutdown(app, config), {
    role: 'api',
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
  app.get(Logger).log(`listening on ${await listen(app, config)} (api)`, 'ragline');
}

main().catch(exitOnStartupError);
