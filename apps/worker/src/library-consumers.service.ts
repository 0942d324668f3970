import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import {
  LIBRARY_CATALOG,
  LibraryProvisioner,
  type Library,
  type LibraryCatalog,
} from '@ragline/catalog';
import { EMBEDDER_REGISTRY, type EmbedderRegistry } from '@ragline/embedders';
import { describeError } from '@ragline/errors';
import { libraryKey, type LibraryRef } from '@ragline/events';
import { DocumentSyncService, type SyncResult } from '@ragline/ingestion';
import {
  SYNC_JOB_CONSUMER,
  SYNC_QUEUE,
  type ConsumerHandle,
  type ReindexJob,
  type SourceJob,
  type SyncJob,
  type SyncJobConsumer,
  type SyncQueue,
} from '@ragline/queue';
import { METRICS, type Metrics } from '@ragline/metrics';
import { DOCUMENT_REGISTRY, type DocumentRegistry } from '@ragline/registry';
import { ReindexRunner } from '@ragline/reindex';
import { SOURCE_STORE, SourceService, SourceSyncService, type SourceStore } from '@ragline/sources';

/** How often the consumers are reconciled with the catalog, in case a change message was missed. */
const RESYNC_MS = 5000;

/**
 * One consumer per active library: started for every library in the catalog at boot and when
 * one is created, stopped when one is being deleted. At a consumer's start, the library's
 * documents with an accepted but unapplied change are queued again (an API that stopped between
 * recording a change and queueing its job; deduplication makes it free otherwise).
 */
@Injectable()
export class LibraryConsumers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('worker');
  private readonly consumers = new Map<string, ConsumerHandle>();
  /** The newest catalog record of each consumed library: a reindex changes its versions. */
  private readonly current = new Map<string, Library>();
  private unsubscribe?: () => Promise<void>;
  private timer?: NodeJS.Timeout;
  private reconciling = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly sync: DocumentSyncService,
    private readonly provisioner: LibraryProvisioner,
    @Inject(LIBRARY_CATALOG) private readonly catalog: LibraryCatalog,
    @Inject(DOCUMENT_REGISTRY) private readonly registry: DocumentRegistry,
    @Inject(SYNC_QUEUE) private readonly queue: SyncQueue,
    @Inject(SYNC_JOB_CONSUMER) private readonly consumer: SyncJobConsumer,
    @Inject(SOURCE_STORE) private readonly sourceStore: SourceStore,
    private readonly sources: SourceService,
    private readonly sourceSyncs: SourceSyncService,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly reindex: ReindexRunner,
    @Inject(EMBEDDER_REGISTRY) private readonly embedders: EmbedderRegistry,
  ) {}

  private get lanes() {
    return this.embedders.lanes;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.provisioner.ensureDefault();
    this.metrics.onScrape(() => this.queueReadings());
    this.unsubscribe = await this.catalog.subscribe(() => this.reconcileSoon());
    await this.reconcile();
    this.timer = setInterval(() => this.reconcileSoon(), RESYNC_MS);
    this.timer.unref();
  }

  /** Stops taking jobs; active ones finish (BullMQ's close waits for them). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.unsubscribe?.();
    await this.reconciling;
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.close()));
    this.consumers.clear();
  }

  /** Stops this process's consumer of a library (its deletion is under way). */
  async stop(library: LibraryRef): Promise<void> {
    const key = libraryKey(library);
    const consumer = this.consumers.get(key);
    this.consumers.delete(key);
    await consumer?.close();
  }

  /** Depth and age of every consumed library's queue, for the gauges. */
  private async queueReadings() {
    const libraries = (await this.catalog.listAll()).filter((l) =>
      this.consumers.has(libraryKey(l)),
    );
    return Promise.all(
      libraries.map(async (library) => ({ library, ...(await this.queue.depth(library)) })),
    );
  }

  private reconcileSoon(): void {
    this.reconciling = this.reconciling.then(() => this.reconcile());
  }

  private async reconcile(): Promise<void> {
    if (this.stopped) return;
    try {
      const active = new Map(
        (await this.catalog.listAll())
          .filter((library) => library.status === 'active')
          .map((library) => [libraryKey(library), library]),
      );
      for (const [key, library] of active) {
        this.current.set(key, library);
        if (!this.consumers.has(key)) await this.start(library);
      }
      for (const key of [...this.consumers.keys()]) {
        if (!active.has(key)) {
          const consumer = this.consumers.get(key);
          this.consumers.delete(key);
          this.current.delete(key);
          await consumer?.close();
          this.logger.log({ library: key }, 'stopped consuming library');
        }
      }
    } catch (error) {
      this.logger.warn({ stage: 'catalog', error: describeError(error) }, 'reconcile failed');
    }
  }

  private async start(library: Library): Promise<void> {
    const key = libraryKey(library);
    const documents = this.consumer.consume(library, (job) =>
      this.process(this.current.get(key) ?? library, job),
    );
    const sources = this.consumer.consumeSources(library, (job) =>
      this.processSource(library, job),
    );
    const reindex = this.consumer.consumeReindex(library, (job) => this.processReindex(job));
    this.consumers.set(key, {
      close: async () => {
        await Promise.all([documents.close(), sources.close(), reindex.close()]);
      },
    });
    const pending = await this.registry.pendingDocumentIds(library);
    await this.queue.enqueue(library, pending);
    this.logger.log({ library: key, pending: pending.length }, 'consuming library');
  }

  private record(library: Library, result: SyncResult): void {
    if (result.result === 'idle' || result.kind === undefined) return;
    const outcome =
      result.result === 'stale'
        ? 'superseded'
        : result.result === 'unchanged'
          ? 'unchanged'
          : 'completed';
    this.metrics.eventFinished(library, result.kind, outcome);
    if (outcome !== 'superseded' && result.acceptedAt !== undefined) {
      this.metrics.freshness(library, (Date.now() - result.acceptedAt) / 1000);
    }
  }

  /** A source's sync, scheduled sweep or removal. */
  private async processSource(library: Library, job: SourceJob): Promise<Record<string, unknown>> {
    const source = await this.sourceStore.get(library, job.sourceId);
    if (!source) return { result: 'gone' };
    if (job.kind === 'remove') {
      return { result: 'removed', documents: await this.sources.removeNow(library, source) };
    }
    if (source.status !== 'active') return { result: 'inactive' };
    if (job.kind === 'reconcile') {
      const run = await this.sources.trigger(source, 'reconcile');
      return { result: 'queued', syncId: run.id };
    }
    const runs = await this.sourceStore.claimRuns(source);
    if (runs.length === 0) return { result: 'idle' };
    try {
      const outcome = await this.sourceSyncs.sync(library, source, runs, job.finalAttempt);
      this.metrics.sourceSync(library, outcome.status, { ...outcome.counts });
      return { result: outcome.status, syncId: outcome.id, ...outcome.counts };
    } catch (error) {
      if (job.finalAttempt) this.metrics.sourceSync(library, 'failed', {});
      throw error;
    }
  }

  private async processReindex(job: ReindexJob): Promise<Record<string, unknown>> {
    const base = { library: libraryKey(job.library), reindexId: job.reindexId, stage: job.kind };
    try {
      const result = await this.reindex.handle(job);
      this.logger.log({ ...base, ...result }, 'reindex job done');
      return result;
    } catch (error) {
      this.logger.warn(
        { ...base, attempt: job.attempt, error: describeError(error) },
        'reindex job failed',
      );
      throw error;
    }
  }

  private async process(library: Library, job: SyncJob): Promise<Record<string, unknown>> {
    const { documentId, finalAttempt } = job;
    const base = { library: libraryKey(library), jobId: job.jobId, documentId };
    try {
      const result = await this.lanes.live(() =>
        this.sync.sync(library, documentId, { finalAttempt }),
      );
      this.logger.log({ ...base, stage: 'sync', ...result }, 'document synced');
      this.record(library, result);
      return { ...result };
    } catch (error) {
      this.logger.warn(
        { ...base, stage: 'sync', attempt: job.attempt, error: describeError(error) },
        'sync failed',
      );
      if (finalAttempt) this.metrics.eventFinished(library, 'upsert', 'failed');
      throw error;
    }
  }
}
