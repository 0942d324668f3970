import 'reflect-metadata';
import { loadConfig } from '@ragline/config';
import { checkRedisReachable } from '@ragline/queue';
import { createApiApp } from '../../api/src/bootstrap';
import { exitOnStartupError } from '@ragline/errors';
import { WorkerModule } from '../../worker/src/worker.module';

/** `npm start`: API and worker in one process, on the embedded store: the laptop setup. */
async function main(): Promise<void> {
  const config = loadConfig();
  const problem = await checkRedisReachable(config.REDIS_URL);
  if (problem) throw new Error(problem);
  const app = await createApiApp(config, { extraModules: [WorkerModule.embedded()] });
  await app.listen(config.PORT, config.HOST);
  console.log(
    `ragline: listening on http://localhost:${config.PORT} (api + worker, ${config.VECTOR_STORE} store)`,
  );
}

main().catch(exitOnStartupError);
