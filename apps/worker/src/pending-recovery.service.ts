import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { CONFIG, type Config } from '@ragline/config';
import { JobName, QueueName } from '@ragline/events';
import { syncJobOptions } from '@ragline/queue';
import { DocumentRegistry } from '@ragline/registry';

/**
 * At start, re-enqueues every document whose accepted change is not applied yet. Covers an API
 * that stopped between recording a change and queueing its job; deduplication makes it free otherwise.
 */
@Injectable()
export class PendingRecoveryService implements OnApplicationBootstrap {
  private readonly logger = new Logger('recovery');

  constructor(
    private readonly registry: DocumentRegistry,
    @InjectQueue(QueueName.Documents) private readonly queue: Queue,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const pending = await this.registry.pendingDocumentIds();
    if (pending.length === 0) return;
    await this.queue.addBulk(
      pending.map((documentId) => ({
        name: JobName.SyncDocument,
        data: { documentId },
        opts: syncJobOptions(this.config, documentId),
      })),
    );
    this.logger.log(
      { stage: 'recovery', documents: pending.length },
      're-enqueued pending documents',
    );
  }
}
