import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { describeError } from '@ragline/errors';
import { VECTOR_STORE, type VectorStore } from '@ragline/vector-store';

/** Compacts the store in the background (LanceDB leaves a fragment per small write), never per job. */
@Injectable()
export class StoreMaintenanceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('store-maintenance');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.STORE_OPTIMIZE_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.store
        .optimize()
        .catch((error: unknown) =>
          this.logger.warn({ stage: 'optimize', error: describeError(error) }, 'optimize failed'),
        )
        .finally(() => (this.running = undefined));
    }, this.config.STORE_OPTIMIZE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
