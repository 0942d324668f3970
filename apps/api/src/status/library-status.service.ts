import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { CONFIG, type Config } from '@ragline/config';
import { QueueName } from '@ragline/events';
import { DocumentRegistry } from '@ragline/registry';
import { VECTOR_STORE, type VectorStore } from '@ragline/vector-store';

export interface LibraryStatus {
  library: string;
  documents: { indexed: number; total: number };
  chunks: number;
  /** When a worker last applied a change to the library (ISO 8601), or null before the first. */
  lastSyncAt: string | null;
  /** When the newest change was accepted (ISO 8601), or null before the first. */
  lastChangeAt: string | null;
  queue: { waiting: number; active: number; delayed: number; failed: number; completed: number };
  features: { generator: Config['GENERATOR']; rerank: boolean; templates: string[] };
}

/** Registry pages read per status call; the registry has no counters, so it is walked. */
const PAGE = 1000;

/** What the library holds and how busy syncing is, for GET /v1/status and the web page. */
@Injectable()
export class LibraryStatusService {
  constructor(
    private readonly registry: DocumentRegistry,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    @InjectQueue(QueueName.Documents) private readonly queue: Queue,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async status(templates: string[]): Promise<LibraryStatus> {
    const [documents, chunks, counts] = await Promise.all([
      this.walkDocuments(),
      this.store.count(this.config.LIBRARY_NAME),
      this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'),
    ]);
    return {
      library: this.config.LIBRARY_NAME,
      documents: { indexed: documents.indexed, total: documents.total },
      chunks,
      lastSyncAt: isoOrNull(documents.lastSyncedAt),
      lastChangeAt: isoOrNull(documents.lastUpdatedAt),
      queue: {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
      },
      features: {
        generator: this.config.GENERATOR,
        rerank: this.config.COHERE_API_KEY !== undefined,
        templates,
      },
    };
  }

  /** O(documents): fine for the page's occasional refresh; a counter in the registry would be O(1). */
  private async walkDocuments() {
    let indexed = 0;
    let total = 0;
    let lastUpdatedAt = 0;
    let lastSyncedAt = 0;
    let cursor: string | undefined;
    do {
      const page = await this.registry.listDocuments({ cursor, limit: PAGE });
      for (const document of page.documents) {
        total++;
        if (document.status === 'indexed') indexed++;
        lastUpdatedAt = Math.max(lastUpdatedAt, document.updatedAt);
        lastSyncedAt = Math.max(lastSyncedAt, document.syncedAt);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return { indexed, total, lastUpdatedAt, lastSyncedAt };
  }
}

function isoOrNull(epochMs: number): string | null {
  return epochMs > 0 ? new Date(epochMs).toISOString() : null;
}
