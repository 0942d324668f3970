import { randomBytes } from 'node:crypto';
import { redisOperation, type RedisClient } from '@ragline/redis';

/**
 * Key material for the SecretBox when SECRETS_KEY is not configured: created once per deployment
 * (the first process to ask wins) and shared by every process through Redis.
 */
export async function redisSecretMaterial(redis: RedisClient, prefix: string): Promise<string> {
  const key = `${prefix}:{catalog}:secrets-key`;
  return redisOperation('read secrets key', async () => {
    await redis.set(key, randomBytes(32).toString('base64url'), { NX: true });
    const material = await redis.get(key);
    if (!material) throw new Error('secrets key vanished');
    return material;
  });
}
