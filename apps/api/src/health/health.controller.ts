import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Inject } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { RedisClientType } from 'redis';
import { ErrorCode, RaglineError, describeError } from '@ragline/errors';
import { QueueName } from '@ragline/events';
import { REGISTRY_REDIS } from '@ragline/registry';
import { VECTOR_STORE, type VectorStore } from '@ragline/vector-store';

/** Each readiness probe answers within this, or counts as down: /ready itself never hangs. */
export const READY_CHECK_TIMEOUT_MS = 1000;

export interface DependencyCheck {
  name: string;
  ok: boolean;
  latencyMs: number;
  error?: string;
}

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

  /** Readiness: Redis, the queue and the store answer in time; 503 naming what does not. */
  @Get('ready')
  async ready() {
    const checks = await Promise.all([
      check('redis', () => this.redis.ping()),
      check('queue', () => this.queue.count()),
      check('store', () => this.store.ping()),
    ]);
    const failed = checks.filter((c) => !c.ok);
    if (failed.length > 0) {
      throw new RaglineError(
        ErrorCode.NotReady,
        `Not ready: ${failed.map((c) => `${c.name} (${c.error})`).join(', ')}`,
        { retryable: true, retryAfterSeconds: 1, details: { checks } },
      );
    }
    return { status: 'ready', checks };
  }
}

async function check(name: string, probe: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${READY_CHECK_TIMEOUT_MS} ms`)),
      READY_CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([probe(), deadline]);
    return { name, ok: true, latencyMs: elapsed(started) };
  } catch (error) {
    const reason = describeError(error);
    return { name, ok: false, latencyMs: elapsed(started), error: reason.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
