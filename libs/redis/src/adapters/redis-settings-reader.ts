import { z } from 'zod';
import { parseRedisInfo, type RedisSettings } from '../redis-settings';
import type { RedisClient } from './redis-connections';

const infoReply = z.string();
/** CONFIG GET: node-redis turns it into { name: value }; a raw RESP2 reply is [name, value, ...]. */
const configReply = z.union([z.record(z.string(), z.string()), z.array(z.string())]);

/**
 * Reads what the start-up check needs: INFO server, persistence and memory, and CONFIG GET for
 * `maxmemory-policy` and `save`. CONFIG is often renamed or denied (managed Redis, ACLs): its
 * settings are then unknown, except the policy, which INFO memory also shows. A failed read of
 * any one section leaves its fields unknown; this never throws.
 */
export async function readRedisSettings(client: RedisClient): Promise<RedisSettings> {
  const [server, persistence, memory, policy, save] = await Promise.all([
    info(client, 'server'),
    info(client, 'persistence'),
    info(client, 'memory'),
    configGet(client, 'maxmemory-policy'),
    configGet(client, 'save'),
  ]);
  const aof = persistence?.aof_enabled;
  return {
    version: server?.redis_version,
    maxmemoryPolicy: policy ?? memory?.maxmemory_policy,
    aofEnabled: aof === undefined ? undefined : aof === '1',
    rdbSavePoints: save,
  };
}

async function info(
  client: RedisClient,
  section: string,
): Promise<Record<string, string> | undefined> {
  try {
    const reply = infoReply.safeParse(await client.sendCommand(['INFO', section]));
    return reply.success ? parseRedisInfo(reply.data) : undefined;
  } catch {
    return undefined;
  }
}

async function configGet(client: RedisClient, name: string): Promise<string | undefined> {
  try {
    const reply = configReply.safeParse(await client.sendCommand(['CONFIG', 'GET', name]));
    if (!reply.success) return undefined;
    if (!Array.isArray(reply.data)) return reply.data[name];
    const at = reply.data.indexOf(name);
    return at >= 0 && at % 2 === 0 ? reply.data[at + 1] : undefined;
  } catch {
    // Renamed, disabled or denied: unknown, not an error.
    return undefined;
  }
}
