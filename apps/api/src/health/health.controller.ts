import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Inject } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { RedisClientType } from 'redis';
import { ErrorCode, RaglineError, describeError } from '@ragline/errors';
import { QueueName } from '@ragline/events';
import { REGISTRY_REDIS } from '@ragline/registry';
import { VECTOR_STORE, type VectorStore } from '@ragline/vector-store';

@Controller()
export class HealthController {
  constructor(
    @Inject(REGISTRY_REDIS) private readonly redis: RedisClientType,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    @InjectQueue(QueueName.Documents) private readonly queue: Queue,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  /** Readiness: Redis and the store answer; 503 naming what does not. */
  @Get('ready')
  async ready() {
    const checks = await Promise.all([
      check('redis', () => this.redis.ping()),
      check('queue', () => this.queue.count()),
      check('store', () => this.store.ping()),
    ]);
    const failed = checks.filter((c) => !c.ok);
    if (failed.length > 0) {
      const code =
        failed[0].name === 'store' ? ErrorCode.StoreUnavailable : ErrorCode.QueueUnavailable;
      throw new RaglineError(
        code,
        `Not ready: ${failed.map((c) => `${c.name} (${c.error})`).join(', ')}`,
        {
          retryable: true,
          details: { checks },
        },
      );
    }
    return { status: 'ready', checks };
  }
}

async function check(
  name: string,
  probe: () => Promise<unknown>,
): Promise<{ name: string; ok: boolean; error?: string }> {
  try {
    await probe();
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, error: describeError(error) };
  }
}
