import { Inject, Injectable } from '@nestjs/common';
import type { Library } from '@ragline/catalog';
import { storeLibraryName } from '@ragline/events';
import { SYNC_QUEUE, type SyncQueue } from '@ragline/queue';
import { DOCUMENT_REGISTRY, type DocumentRegistry } from '@ragline/registry';
import { READ_ALL, VECTOR_STORE, type VectorStore } from '@ragline/vector-store';

/** A library as clients see it: settings, and with `counts`, what it holds and how busy it is. */
@Injectable()
export class LibraryViewService {
  constructor(
    @Inject(DOCUMENT_REGISTRY) private readonly registry: DocumentRegistry,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    @Inject(SYNC_QUEUE) private readonly queue: SyncQueue,
  ) {}

  summary(library: Library) {
    return {
      name: library.library,
      tenant: library.tenant,
      description: library.description ?? null,
      status: library.status,
      searchMode: library.searchMode,
      chunking: library.chunking,
      embedder: library.embedder,
      version: library.version,
      ...(library.building ? { reindexing: library.building.reindexId } : {}),
      createdAt: new Date(library.createdAt).toISOString(),
    };
  }

  /** Counts are O(1): the registry keeps them per status; chunks are counted by the store. */
  async detail(library: Library) {
    if (library.status === 'deleting') return { ...this.summary(library) };
    const [stats, chunks, queue] = await Promise.all([
      this.registry.stats(library),
      this.store.count(storeLibraryName(library), READ_ALL, undefined, library.version),
      this.queue.depth(library),
    ]);
    const total = Object.values(stats.documents).reduce((sum, n) => sum + n, 0);
    return {
      ...this.summary(library),
      documents: { ...stats.documents, total },
      chunks,
      queue: { ...queue, pendingDocuments: stats.pending },
      lastSyncAt: isoOrNull(stats.lastSyncAt),
      lastChangeAt: isoOrNull(stats.lastChangeAt),
    };
  }
}

function isoOrNull(epochMs: number): string | null {
  return epochMs > 0 ? new Date(epochMs).toISOString() : null;
}
