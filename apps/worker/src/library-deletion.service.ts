import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import {
  API_KEY_STORE,
  LIBRARY_CATALOG,
  type ApiKeyStore,
  type LibraryCatalog,
} from '@ragline/catalog';
import { CONFIG, type Config } from '@ragline/config';
import { libraryKey, storeLibraryName, type LibraryRef } from '@ragline/events';
import {
  SYNC_JOB_CONSUMER,
  SYNC_QUEUE,
  type ConsumerHandle,
  type SyncJobConsumer,
  type SyncQueue,
} from '@ragline/queue';
import { DOCUMENT_REGISTRY, type DocumentRegistry } from '@ragline/registry';
import { SOURCE_STORE, SourceSyncService, type SourceStore } from '@ragline/sources';
import { VECTOR_STORE, type VectorStore } from '@ragline/vector-store';
import { rm } from 'node:fs/promises';
import { LibraryConsumers } from './library-consumers.service';

/**
 * Deletes libraries marked `deleting`, as a retried job: waits until no job of the library is
 * active anywhere (every worker stops consuming it on the catalog change), then removes its
 * queue, its registry keys, its chunks (every version) and its name from API keys, and only then
 * frees the name. Each step is idempotent, so a crash midway is finished by the retry.
 */
@Injectable()
export class LibraryDeletionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('library-deletion');
  private handle?: ConsumerHandle;

  constructor(
    private readonly consumers: LibraryConsumers,
    @Inject(LIBRARY_CATALOG) private readonly catalog: LibraryCatalog,
    @Inject(API_KEY_STORE) private readonly keys: ApiKeyStore,
    @Inject(DOCUMENT_REGISTRY) private readonly registry: DocumentRegistry,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    @Inject(SYNC_QUEUE) private readonly queue: SyncQueue,
    @Inject(SYNC_JOB_CONSUMER) private readonly consumer: SyncJobConsumer,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(SOURCE_STORE) private readonly sources: SourceStore,
    private readonly sourceSyncs: SourceSyncService,
  ) {}

  onApplicationBootstrap(): void {
    this.handle = this.consumer.consumeLibraryDeletions((library) => this.delete(library));
  }

  async onModuleDestroy(): Promise<void> {
    await this.handle?.close();
  }

  async delete(library: LibraryRef): Promise<void> {
    const key = libraryKey(library);
    const recorded = await this.catalog.get(library);
    if (recorded?.status === 'active') return; // recreated meanwhile: nothing to delete
    await this.consumers.stop(library);
    await this.waitForIdle(library);
    // Sources go with their library: schedules, mirrors, and the id index outside its keyspace.
    for (const source of await this.sources.list(library)) {
      await this.queue.scheduleReconcile(library, source.id, 0);
      await rm(this.sourceSyncs.mirrorOf(source).gitDir, { recursive: true, force: true });
      await this.sources.remove(source);
    }
    await this.queue.drop(library);
    await this.registry.dropLibrary(library);
    await this.store.dropLibrary(storeLibraryName(library));
    await this.keys.removeLibrary(library);
    await this.catalog.remove(library);
    this.logger.log({ library: key }, 'library deleted');
  }

  /** Jobs still running elsewhere finish within their lock time; after that they count as stalled. */
  private async waitForIdle(library: LibraryRef): Promise<void> {
    const deadline = Date.now() + 2 * this.config.WORKER_LOCK_DURATION_MS;
    while (Date.now() < deadline && (await this.queue.depth(library)).active > 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
