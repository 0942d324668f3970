import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@ragline/config';
import { checkRedisReachable } from '@ragline/redis';
import { exitOnStartupError } from '@ragline/errors';
import { handleShutdownSignals, ShutdownProgressModule } from '@ragline/shutdown';
import { apiShutdown } from '../../api/src/api-shutdown';
import { createApiApp } from '../../api/src/bootstrap';
import { listen } from '../../api/src/listen';
import { WorkerModule } from '../../worker/src/worker.module';

/** `npm start`: API and worker in one process, on the embedded store: the laptop setup. */
async function main(): Promise<void> {
  const config = loadConfig();
  const problem = await checkRedisReachable(config.REDIS_URL);
  if (problem) throw new Error(problem);
  const app = await createApiApp(config, {
    extraModules: [WorkerModule.embedded(), ShutdownProgressModule],
  });
  // The API's order covers both: HTTP first, then the consumers, then stores and Redis.
  handleShutdownSignals(apiShutdown(app, config), {
    role: 'standalone',
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
  const url = await listen(app, config);
  app
    .get(Logger)
    .log(`listening on ${url} (api + worker, ${config.VECTOR_STORE} store)`, 'ragline');
}

main().catch(exitOnStartupError);
