import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { authRequired, type Config } from '@ragline/config';
import { ErrorCode, RaglineError } from '@ragline/errors';
import { createFailFastIoRedis } from '@ragline/redis';

/** Probes and the page's files are never limited. */
const UNLIMITED = /^\/(health|ready|favicon\.ico|assets\/|$)/;

/**
 * Per-key request limits (RATE_LIMIT_PER_MINUTE), counted in Redis so every API process shares
 * them. Keyed by the API key's id (never the secret); the bootstrap key and requests without a
 * key count per client address. Over the limit: 429 RATE_LIMITED with Retry-After. If Redis
 * cannot be reached the limiter steps aside: intake and queries answer their own 503s.
 */
export async function registerRateLimit(
  app: NestFastifyApplication,
  config: Config,
): Promise<void> {
  // Without authentication there is one trusted local user, and nothing to count per key.
  if (config.RATE_LIMIT_PER_MINUTE === 0 || !authRequired(config)) return;
  const redis = createFailFastIoRedis(config.REDIS_URL);
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    redis,
    nameSpace: `${config.RAGLINE_QUEUE_PREFIX}:rate-limit:`,
    skipOnError: true,
    allowList: (request: FastifyRequest) => UNLIMITED.test(request.url),
    keyGenerator: (request: FastifyRequest) => rateKey(request),
    errorResponseBuilder: (_request, context) =>
      new RaglineError(
        ErrorCode.RateLimited,
        `Rate limit of ${context.max} requests per minute reached for this key; retry in ${Math.ceil(context.ttl / 1000)} s.`,
        { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) },
      ),
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => redis.disconnect());
}

function rateKey(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  const key = /^Bearer\s+(\S+)/i.exec(header)?.[1];
  const id = key === undefined ? undefined : /^rl_([a-z0-9]{12})_/.exec(key)?.[1];
  // The bootstrap key and anything unkeyed count per client address.
  return id === undefined ? `ip:${request.ip}` : `key:${id}`;
}
