import { Controller, Get, Inject } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { ErrorCode, RaglineError, describeError } from '@ragline/errors';
import { SYNC_QUEUE, type SyncQueue } from '@ragline/queue';
import { DOCUMENT_REGISTRY, type DocumentRegistry } from '@ragline/registry';
import { VECTOR_STORE, type VectorStore } from '@ragline/vector-store';
import { Public } from '../auth/auth.decorators';
import { Readiness } from './readiness';
import { probeReachable, remoteDependencies } from './remote-probe';

/** Each readiness probe answers within this, or counts as down: /ready itself never hangs. */
export const READY_CHECK_TIMEOUT_MS = 1000;

export interface DependencyCheck {
  name: string;
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/** Probes for orchestrators: open to all, never behind a key. */
@Controller()
@Public()
export class HealthController {
  constructor(
    @Inject(DOCUMENT_REGISTRY) private readonly registry: DocumentRegistry,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    @Inject(SYNC_QUEUE) private readonly queue: SyncQueue,
    @Inject(CONFIG) private readonly config: Config,
    private readonly readiness: Readiness,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  /**
   * Readiness: Redis, the queue and the store answer in time; 503 naming what does not, and 503
   * from the moment a shutdown begins. A remote embedder is reported too, but its outage does not
   * take the API out of rotation: intake, reads and sparse queries still work without it.
   */
  @Get('ready')
  async ready() {
    if (this.readiness.state !== 'serving') {
      throw new RaglineError(ErrorCode.NotReady, 'Not ready: shutting down', {
        retryable: true,
        retryAfterSeconds: 1,
      });
    }
    const remote = remoteDependencies(this.config);
    const [required, reported] = await Promise.all([
      Promise.all([
        check('redis', () => this.registry.ping()),
        check('queue', () => this.queue.ping()),
        check('store', () => this.store.ping()),
      ]),
      Promise.all(
        remote.map(({ name, baseUrl }) =>
          check(name, () => probeReachable(baseUrl, READY_CHECK_TIMEOUT_MS)),
        ),
      ),
    ]);
    const checks = [...required, ...reported];
    const failed = required.filter((c) => !c.ok);
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
