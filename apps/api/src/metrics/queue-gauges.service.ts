import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { LIBRARY_CATALOG, type LibraryCatalog } from '@ragline/catalog';
import { METRICS, type Metrics } from '@ragline/metrics';
import { SYNC_QUEUE, type SyncQueue } from '@ragline/queue';

/** The API's queue gauges: every active library's queue depth and oldest waiting job, per scrape. */
@Injectable()
export class QueueGauges implements OnModuleInit {
  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LIBRARY_CATALOG) private readonly catalog: LibraryCatalog,
    @Inject(SYNC_QUEUE) private readonly queue: SyncQueue,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(async () => {
      const libraries = (await this.catalog.listAll()).filter((l) => l.status === 'active');
      return Promise.all(
        libraries.map(async (library) => ({ library, ...(await this.queue.depth(library)) })),
      );
    });
  }
}
