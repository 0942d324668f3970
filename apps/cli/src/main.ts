import { RedisApiKeyStore, RedisLibraryCatalog } from '@ragline/catalog';
import { loadConfig } from '@ragline/config';
import { checkRedisReachable, createRedisClient } from '@ragline/redis';
import { USAGE, UsageError, runCommand } from './cli-commands';

/** `npm run ragline -- keys create …`: operator commands on the deployment's Redis. */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const config = loadConfig();
  const problem = await checkRedisReachable(config.REDIS_URL);
  if (problem) throw new Error(problem);
  const redis = await createRedisClient(config.REDIS_URL);
  try {
    await runCommand(argv, {
      keys: new RedisApiKeyStore(redis, config.RAGLINE_QUEUE_PREFIX),
      catalog: new RedisLibraryCatalog(redis, config.RAGLINE_QUEUE_PREFIX),
      print: (line) => console.log(line),
    });
    return 0;
  } finally {
    await redis.quit();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`ragline: ${message}`);
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && /parseArgs|option/i.test(message))
    )
      process.stderr.write(USAGE);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
