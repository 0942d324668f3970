import IORedis from 'ioredis';
import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { createClient, type RedisClientType } from 'redis';

/**
 * BullMQ connection options: a URL rather than a client, so BullMQ owns its connections and closes
 * them with the queue or worker. It must wait for Redis instead of failing commands.
 */
export function bullConnectionOptions(url: string): BullRedisOptions {
  return { url, maxRetriesPerRequest: null };
}

/** node-redis client for redis-om and the registry scripts (redis-om needs node-redis, not ioredis). */
export async function createRegistryClient(url: string): Promise<RedisClientType> {
  const client = createClient({ url }) as RedisClientType;
  // Without a listener node-redis would crash the process on a dropped connection; it reconnects by itself.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * One quick check before the app starts: can Redis be reached at all? Returns a one-line,
 * actionable message when it cannot, so `npm start` fails fast instead of retrying forever.
 */
export async function checkRedisReachable(
  url: string,
  timeoutMs = 3000,
): Promise<string | undefined> {
  const probe = new IORedis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const where = safeRedisAddress(url);
    return `Redis is not reachable at ${where} (${reason}). Start one with \`redis-server --daemonize yes\` (or \`docker compose -f docker/compose.yml up -d redis\`), or set REDIS_URL.`;
  } finally {
    probe.disconnect();
  }
}

/** host:port of a Redis URL without credentials, for messages. */
export function safeRedisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return '(invalid REDIS_URL)';
  }
}
