import IORedis from 'ioredis';
import { createClient, type RedisClientType } from 'redis';

/** The node-redis client shared by the registry, the catalog and the embedding cache. */
export type RedisClient = RedisClientType;

/** How long a request-path Redis command may take before the caller is told Redis is unavailable. */
export const REDIS_COMMAND_TIMEOUT_MS = 2000;

/** Reconnect quickly after an outage, at most a second apart, forever. */
export const reconnectDelay = (attempt: number): number => Math.min(100 * 2 ** attempt, 1000);

export interface RedisConnectionEvents {
  /** Called once when a working connection breaks, and once when it is back. */
  onStateChange?(state: 'lost' | 'restored', detail?: string): void;
}

/**
 * The node-redis client for redis-om, the registry scripts, the catalog and the embedding cache
 * (redis-om needs node-redis, not ioredis).
 * Commands fail at once while the connection is down (no offline queue) and time out after
 * REDIS_COMMAND_TIMEOUT_MS: callers turn that into a 503 (API) or a retried job (worker), never a
 * request held for the length of an outage. It reconnects by itself.
 */
export async function createRedisClient(
  url: string,
  events: RedisConnectionEvents = {},
): Promise<RedisClientType> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: REDIS_COMMAND_TIMEOUT_MS },
    socket: { connectTimeout: REDIS_COMMAND_TIMEOUT_MS, reconnectStrategy: reconnectDelay },
  }) as RedisClientType;
  let lost = false;
  // Without a listener node-redis would crash the process on a dropped connection.
  client.on('error', (error: unknown) => {
    if (lost) return;
    lost = true;
    events.onStateChange?.(
      'lost',
      error instanceof Error ? error.message || error.name : undefined,
    );
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    events.onStateChange?.('restored');
  });
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
  // The reason a connection closes (a refused AUTH, say) arrives as an 'error' event first.
  let lastError: unknown;
  probe.on('error', (error: unknown) => (lastError = error));
  const where = safeRedisAddress(url);
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    const reason = [error, lastError]
      .map((e) => (e instanceof Error ? e.message : e === undefined ? '' : String(e)))
      .join(' ');
    if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(reason)) {
      return `Redis at ${where} refused the connection: authentication failed. Check the user and password in REDIS_URL (redis://user:password@host:port).`;
    }
    const shown = error instanceof Error && error.message ? error.message : 'connection refused';
    return `Redis is not reachable at ${where} (${shown}). Start one with \`redis-server --daemonize yes\` (or \`docker compose -f docker/compose.yml up -d redis\`), or set REDIS_URL.`;
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

/**
 * An ioredis connection for libraries that take one (the rate limiter's shared counters): fails
 * fast while Redis is down, so callers can skip rather than wait.
 */
export function createFailFastIoRedis(url: string): IORedis {
  const client = new IORedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: reconnectDelay,
  });
  client.on('error', () => undefined);
  return client;
}
