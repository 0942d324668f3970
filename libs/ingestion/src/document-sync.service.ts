import { setTimeout as sleep } from 'node:timers/promises';
import {
  writeTargets,
  type Library,
  type LibraryCatalog,
  type LibraryVersion,
} from '@ragline/catalog';
import { hashText, inferFormat } from '@ragline/chunking';
import { ErrorCode, RaglineError, describeError, isRetryable } from '@ragline/errors';
import { storeLibraryName, type LibraryRef } from '@ragline/events';
import type {
  ApplyOutcome,
  DocumentRegistry,
  DocumentState,
  PendingChange,
} from '@ragline/registry';
import { CollectionNotFoundError, type VectorStore } from '@ragline/vector-store';
import type { BuildTracker } from './build-tracker.port';
import { assignPointIds, type ChunkPointBuilder } from './chunk-points';
import { Stopwatch, type SyncTimings } from './stopwatch';

export interface DocumentSyncDeps {
  registry: DocumentRegistry;
  store: VectorStore;
  points: ChunkPointBuilder;
  builds: BuildTracker;
  /** Re-read when a reindex changed the library's versions while a change was being applied. */
  libraries: Pick<LibraryCatalog, 'get'>;
}

/** Applies of one change against changing library versions before the job is retried instead. */
const MAX_RETARGETS = 5;
/** How long a rebuild waits for a newer change being applied to the same document to commit. */
const REBUILD_WAIT_MS = 60_000;

/** What a rebuild wrote: `unchanged` when every vector was reused (nothing embedded). */
export interface RebuildResult {
  result: 'indexed' | 'unchanged' | 'deleted';
  chunks: number;
  embedded: number;
}

/** What one sync did, for logs and job return values. */
export interface SyncResult {
  documentId: string;
  version?: number;
  /** The applied change's kind and when it was accepted (epoch ms): freshness is now − this. */
  kind?: 'upsert' | 'delete';
  acceptedAt?: number;
  /** `idle`: nothing pending (an earlier job already applied it). `stale`: a newer version won. */
  result: 'applied' | 'unchanged' | 'deleted' | 'stale' | 'idle';
  chunksEmbedded: number;
  chunksReused: number;
  chunksDeleted: number;
  /** Milliseconds spent per stage, for logs: where a slow sync spent its time. */
  timings?: SyncTimings;
}

/**
 * Brings one document of one library up to its newest accepted change:
 * parse -> chunk -> reuse unchanged chunks' vectors -> embed the rest -> replace in one store commit
 * -> record the outcome. Safe to run again after a crash at any step: point ids are deterministic
 * and the registry commit is conditional on the version. While a reindex builds a new version (or
 * keeps the previous one for a rollback), every change is written there too, with that version's
 * chunking and embedder.
 */
export class DocumentSyncService {
  constructor(private readonly deps: DocumentSyncDeps) {}

  /**
   * @param options.finalAttempt when true (or when the error is not retryable), a failure is
   *   recorded on the document and its events before the error is rethrown.
   */
  async sync(
    library: Library,
    documentId: string,
    options: { finalAttempt?: boolean } = {},
  ): Promise<SyncResult> {
    const { registry } = this.deps;
    const watch = new Stopwatch();
    const change = await registry.activate(library, documentId);
    if (!change)
      return { documentId, result: 'idle', chunksEmbedded: 0, chunksReused: 0, chunksDeleted: 0 };
    let current = library;
    for (let attempt = 1; ; attempt++) {
      let outcome: ApplyOutcome;
      try {
        const state = await registry.getDocument(current, documentId);
        watch.lap('registry');
        outcome =
          change.kind === 'delete'
            ? await this.applyDelete(current, change, state, watch)
            : await this.applyUpsert(current, change, state, watch);
      } catch (error) {
        // A version this snapshot of the library names was dropped (a reindex ended): re-read.
        if (error instanceof CollectionNotFoundError && attempt < MAX_RETARGETS) {
          current = await this.reread(current);
          continue;
        }
        if (options.finalAttempt || !isRetryable(error)) {
          await registry.commit(current, {
            documentId,
            version: change.version,
            status: 'failed',
            error: describeError(error),
          });
        }
        throw error;
      }
      const targets = writeTargets(current).map((target) => target.version);
      const committed = await registry.commit(current, { ...outcome, writeTargets: targets });
      watch.lap('commit');
      if (committed === 'retarget') {
        if (attempt >= MAX_RETARGETS) {
          throw new RaglineError(
            ErrorCode.Internal,
            'The library versions kept changing while the change was applied.',
            { retryable: true },
          );
        }
        current = await this.reread(current);
        continue;
      }
      return {
        documentId,
        version: change.version,
        kind: change.kind,
        acceptedAt: change.receivedAt,
        result:
          committed === 'stale'
            ? 'stale'
            : change.kind === 'delete'
              ? 'deleted'
              : outcome.unchanged
                ? 'unchanged'
                : 'applied',
        chunksEmbedded: outcome.chunksEmbedded ?? 0,
        chunksReused: outcome.chunksReused ?? 0,
        chunksDeleted: outcome.chunksDeleted ?? 0,
        timings: watch.done(),
      };
    }
  }

  private async reread(library: Library): Promise<Library> {
    const fresh = await this.deps.libraries.get(library);
    if (!fresh) {
      throw new RaglineError(ErrorCode.LibraryNotFound, 'The library no longer exists.');
    }
    return fresh;
  }

  /**
   * Brings a version being built up to the document's applied content (a reindex's unit of work).
   * When a live change wrote a newer version meanwhile, it waits for that change to commit and
   * writes again from it: the newest writer always has the last word (see BuildTracker).
   * @throws RaglineError CONTENT_MISSING when the document is indexed but Ragline holds no text
   */
  async rebuild(
    library: Library,
    target: LibraryVersion & { reindexId: string },
    documentId: string,
  ): Promise<RebuildResult> {
    const { registry, builds } = this.deps;
    const deadline = Date.now() + REBUILD_WAIT_MS;
    for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
      const content = await registry.getContent(library, documentId);
      const state = content ? undefined : await registry.getDocument(library, documentId);
      if (!content && state && state.indexedVersion >= 0 && state.chunks > 0) {
        throw new RaglineError(
          ErrorCode.ContentMissing,
          'Ragline holds no text for this document (it was indexed by an older version); send it again or sync its source.',
        );
      }
      const version = content?.version ?? Math.max(state?.indexedVersion ?? 0, 0);
      await builds.intend(library, target.reindexId, documentId, version);
      const written = content
        ? await this.writeVersion(library, target, content)
        : await this.deleteVersion(library, target, documentId);
      if (await builds.settled(library, target.reindexId, documentId, version)) {
        const result = !content ? 'deleted' : written.embedded > 0 ? 'indexed' : 'unchanged';
        return { result, ...written };
      }
      if (Date.now() > deadline) {
        throw new RaglineError(
          ErrorCode.Internal,
          'The document kept changing while it was rebuilt.',
          { retryable: true },
        );
      }
      await sleep(wait);
    }
  }

  private async applyDelete(
    library: Library,
    change: PendingChange,
    state: DocumentState | undefined,
    watch: Stopwatch,
  ): Promise<ApplyOutcome> {
    if (state && change.version <= state.indexedVersion) return staleOutcome(change);
    const [live, ...copies] = writeTargets(library);
    // The other versions in parallel with the live one: a change costs the slowest, not the sum.
    await Promise.all([
      this.deleteVersion(library, live, change.documentId),
      ...copies.map((copy) => this.copy(library, copy, change)),
    ]);
    watch.lap('store');
    return {
      documentId: change.documentId,
      version: change.version,
      status: 'completed',
      documentStatus: 'deleted',
      chunksDeleted: state?.status === 'deleted' ? 0 : (state?.chunks ?? 0),
    };
  }

  private async applyUpsert(
    library: Library,
    change: PendingChange,
    state: DocumentState | undefined,
    watch: Stopwatch,
  ): Promise<ApplyOutcome> {
    if (state && change.version <= state.indexedVersion) return staleOutcome(change);
    const format = change.format ?? inferFormat(change.documentId);
    const contentHash = hashText(
      JSON.stringify([
        change.text,
        change.title ?? '',
        change.metadata,
        change.acl ?? null,
        format,
      ]),
    );
    if (
      state &&
      state.status !== 'deleted' &&
      state.indexedVersion >= 0 &&
      state.contentHash === contentHash
    ) {
      return {
        ...baseOutcome(change, contentHash, state.chunkHashes, state.title),
        unchanged: true,
        chunksReused: state.chunks,
      };
    }
    const [live, ...copies] = writeTargets(library);
    const indexedHashes = state && state.status !== 'deleted' ? state.chunkHashes : [];
    const name = storeLibraryName(library);
    // The other versions in parallel with the live one: a change costs the slowest, not the sum.
    const [built] = await Promise.all([
      (async () => {
        const points = await this.deps.points.build(library, live, change, new Set(indexedHashes));
        watch.lap('embed');
        await this.deps.store.replaceDocument(name, change.documentId, points.points, live.version);
        return points;
      })(),
      ...copies.map((copy) => this.copy(library, copy, change)),
    ]);
    watch.lap('store');

    const kept = new Set(built.points.map((p) => p.id));
    const previousIds = assignPointIds(
      name,
      change.documentId,
      indexedHashes.map((hash) => ({ contentHash: hash })),
    );
    return {
      ...baseOutcome(
        change,
        contentHash,
        built.chunks.map((chunk) => chunk.contentHash),
        built.title,
      ),
      chunksEmbedded: built.embedded,
      chunksReused: built.chunks.length - built.embeddedChunks,
      chunksDeleted: previousIds.filter((id) => !kept.has(id)).length,
    };
  }

  /**
   * A live change written to a version other than the live one. To a version being built, with
   * the build's marks: if a rebuild wrote an older text meanwhile, the document is rebuilt. Always
   * the live lane's embedder slots: a change never waits behind the reindex it is copied into.
   */
  private async copy(
    library: Library,
    target: LibraryVersion,
    change: PendingChange,
  ): Promise<void> {
    try {
      await this.copyTo(library, target, change);
    } catch (error) {
      // The version was dropped meanwhile (cancelled, rolled back); the commit re-checks targets.
      if (!(error instanceof CollectionNotFoundError)) throw error;
    }
  }

  private async copyTo(
    library: Library,
    target: LibraryVersion,
    change: PendingChange,
  ): Promise<void> {
    const building = library.building?.version === target.version ? library.building : undefined;
    if (building)
      await this.deps.builds.intend(library, building.reindexId, change.documentId, change.version);
    if (change.kind === 'delete') await this.deleteVersion(library, target, change.documentId);
    else await this.writeVersion(library, target, change);
    if (
      building &&
      !(await this.deps.builds.settled(
        library,
        building.reindexId,
        change.documentId,
        change.version,
      ))
    ) {
      await this.rebuild(library, building, change.documentId);
    }
  }

  private async writeVersion(
    library: LibraryRef & Library,
    target: LibraryVersion,
    change: PendingChange,
  ): Promise<{ chunks: number; embedded: number }> {
    const built = await this.deps.points.build(library, target, change);
    await this.deps.store.replaceDocument(
      storeLibraryName(library),
      change.documentId,
      built.points,
      target.version,
    );
    return { chunks: built.points.length, embedded: built.embedded };
  }

  private async deleteVersion(
    library: Library,
    target: LibraryVersion,
    documentId: string,
  ): Promise<{ chunks: number; embedded: number }> {
    await this.deps.store.deleteDocument(storeLibraryName(library), documentId, target.version);
    return { chunks: 0, embedded: 0 };
  }
}

function baseOutcome(
  change: PendingChange,
  contentHash: string,
  chunkHashes: string[],
  title: string | undefined,
): ApplyOutcome {
  return {
    documentId: change.documentId,
    version: change.version,
    status: 'completed',
    documentStatus: 'indexed',
    contentHash,
    chunkHashes,
    title,
    acl: change.acl,
  };
}

function staleOutcome(change: PendingChange): ApplyOutcome {
  return { documentId: change.documentId, version: change.version, status: 'completed' };
}
