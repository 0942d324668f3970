import IORedis from 'ioredis';
import type { TestApp } from '../../support/test-app';

/**
 * Values found in the clear in this app's Redis keys (its own prefix only, read with SCAN). Throws
 * when no key names the source, so an empty answer cannot come from looking in the wrong place.
 */
export async function plainInRedis(
  t: TestApp,
  sourceId: string,
  values: string[],
): Promise<string[]> {
  const redis = new IORedis(t.testEnv.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(
        cursor,
        'MATCH',
        `${t.testEnv.prefix}:*`,
        'COUNT',
        1000,
      );
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    if (!keys.some((key) => key.includes(sourceId)))
      throw new Error('no Redis key names the source');
    const found = new Set<string>();
    for (const key of keys) {
      for (const text of [key, ...(await storedStrings(redis, key))]) {
        for (const value of values) if (text.includes(value)) found.add(value);
      }
    }
    return [...found];
  } finally {
    redis.disconnect();
  }
}

/** Every string a key holds, whatever its type (streams and the like hold none of ours). */
async function storedStrings(redis: IORedis, key: string): Promise<string[]> {
  switch (await redis.type(key)) {
    case 'string':
      return [(await redis.get(key)) ?? ''];
    case 'hash':
      return Object.entries(await redis.hgetall(key)).flat();
    case 'list':
      return redis.lrange(key, 0, -1);
    case 'set':
      return redis.smembers(key);
    case 'zset':
      return redis.zrange(key, '0', '-1');
    default:
      return [];
  }
}
