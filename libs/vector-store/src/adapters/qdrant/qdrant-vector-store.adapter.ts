import { QdrantClient, type Schemas } from '@qdrant/js-client-rest';
import { StoreRequestRejectedError, StoreUnavailableError } from '../../vector-store.errors';
import type {
  ChunkPoint,
  LibrarySpec,
  PointFilter,
  ReadAccess,
  SearchHit,
  SearchRequest,
  StoredVectors,
  VectorStore,
} from '../../vector-store.port';
import {
  assertCompatible,
  collectionName,
  createCollectionBody,
  payloadIndexes,
  versionOf,
} from './qdrant-collection';
import { staleChunksFilter, toQdrantFilter, versionGuardFilter } from './qdrant-filter';
import {
  resolveQdrantOptions,
  type QdrantVectorStoreOptions,
  type ResolvedQdrantOptions,
} from './qdrant-options';
import {
  inBatches,
  toPointStruct,
  toSearchHit,
  toStoredVectors,
  VECTOR_NAMES,
} from './qdrant-points';
import { toQueryRequest } from './qdrant-query';
import { classifyQdrantError, toStoreError, withRetry, type RetryPolicy } from './qdrant-retry';

/**
 * The production store on a Qdrant server (REST). One collection per library version
 * (`<library>_v<N>`), the library name is an alias; see docs/qdrant.md for every call it makes.
 */
export class QdrantVectorStore implements VectorStore {
  /** The `bm25` sparse vector, with IDF applied by Qdrant. */
  readonly usesSparseVectors = true;
  private readonly options: ResolvedQdrantOptions;
  private readonly client: QdrantClient;
  private readonly policy: RetryPolicy;

  constructor(options: QdrantVectorStoreOptions) {
    this.options = resolveQdrantOptions(options);
    // No server may be reachable at construction (tests, boot order): skip the version probe.
    this.client = new QdrantClient({
      url: this.options.url,
      apiKey: this.options.apiKey,
      timeout: this.options.timeoutMs,
      checkCompatibility: false,
    });
    this.policy = {
      maxAttempts: this.options.maxAttempts,
      baseDelayMs: this.options.retryBaseDelayMs,
      maxDelayMs: this.options.retryMaxDelayMs,
    };
  }

  async ensureLibrary(spec: LibrarySpec): Promise<void> {
    if ((await this.getActiveVersion(spec.name)) === undefined) {
      await this.createLibraryVersion(spec, 1);
      const actions: Schemas['AliasOperations'][] = [
        { create_alias: { alias_name: spec.name, collection_name: collectionName(spec.name, 1) } },
      ];
      // A concurrent creator may have made the alias first: that is success, checked below.
      await this.tolerateConflict('create alias', () =>
        this.client.updateCollectionAliases({ actions }),
      );
    }
    const active = await this.getActiveVersion(spec.name);
    if (active === undefined) {
      throw new StoreUnavailableError(`Qdrant alias "${spec.name}" vanished while being created`);
    }
    const name = collectionName(spec.name, active);
    assertCompatible(
      name,
      await this.call('get collection', () => this.client.getCollection(name)),
      spec,
    );
  }

  async createLibraryVersion(spec: LibrarySpec, version: number): Promise<void> {
    const name = collectionName(spec.name, version);
    // createCollection() of the client drops `metadata`, so call the typed endpoint directly.
    const created = await this.tolerateConflict('create collection', () =>
      this.client.api().createCollection({ collection_name: name, ...createCollectionBody(spec) }),
    );
    if (!created) {
      assertCompatible(
        name,
        await this.call('get collection', () => this.client.getCollection(name)),
        spec,
      );
    }
    // Re-sent even when the collection existed: heals a creator that died before its indexes.
    for (const index of payloadIndexes(this.options.metadataIndexes)) {
      await this.call('create payload index', () =>
        this.client.createPayloadIndex(name, { ...index, wait: true }),
      );
    }
  }

  async replaceDocument(
    library: string,
    documentId: string,
    points: ChunkPoint[],
    version?: number,
  ): Promise<void> {
    const target = targetOf(library, version);
    const foreign = points.find((p) => p.documentId !== documentId);
    if (foreign !== undefined) {
      throw new StoreRequestRejectedError(
        `replaceDocument("${documentId}") got point ${foreign.id} of document "${foreign.documentId}"`,
      );
    }
    const guard =
      this.options.versionGuard && points.length > 0
        ? Math.max(...points.map((p) => p.version))
        : undefined;
    const upserts: Schemas['UpdateOperation'][] = inBatches(points, this.options.batchSize).map(
      (batch) => ({
        upsert: {
          points: batch.map((p) => toPointStruct(p, this.options.tenant)),
          ...(guard === undefined ? {} : { update_filter: versionGuardFilter(guard) }),
        },
      }),
    );
    const cleanup: Schemas['UpdateOperation'] = {
      delete: {
        filter: staleChunksFilter(
          this.options.tenant,
          documentId,
          points.map((p) => p.id),
          guard,
        ),
      },
    };
    // One request per batch; the last carries the stale-chunk delete, so a small document is
    // replaced in one round trip and old chunks disappear only after all new ones are written.
    const requests: Schemas['UpdateOperation'][][] = upserts.map((op) => [op]);
    if (requests.length === 0) requests.push([cleanup]);
    else requests[requests.length - 1].push(cleanup);
    for (const operations of requests) {
      const results = await this.call(
        'batch update',
        () => this.client.batchUpdate(target, { operations, wait: true }),
        library,
      );
      assertCompleted('batch update', results);
    }
  }

  async deleteDocument(library: string, documentId: string, version?: number): Promise<void> {
    const target = targetOf(library, version);
    const filter = toQdrantFilter(this.options.tenant, { documentId });
    try {
      const result = await withRetry('delete points', this.policy, () =>
        this.client.delete(target, { filter, wait: true }),
      );
      assertCompleted('delete points', [result]);
    } catch (error) {
      // Idempotent: a library that does not exist holds no chunks of the document.
      if (classifyQdrantError(error).kind === 'not-found') return;
      throw toStoreError(error, 'delete points', library);
    }
  }

  async getDocumentVectors(
    library: string,
    documentId: string,
    version?: number,
  ): Promise<StoredVectors[]> {
    const target = targetOf(library, version);
    const filter = toQdrantFilter(this.options.tenant, { documentId });
    const stored: StoredVectors[] = [];
    let offset: Schemas['ExtendedPointId'] | undefined;
    do {
      const page = await this.call(
        'scroll points',
        () =>
          this.client.scroll(target, {
            filter,
            offset,
            limit: this.options.batchSize,
            with_payload: ['contentHash'],
            with_vector: [VECTOR_NAMES.dense],
          }),
        library,
      );
      stored.push(...page.points.map(toStoredVectors));
      const next = page.next_page_offset;
      offset = typeof next === 'string' || typeof next === 'number' ? next : undefined;
    } while (offset !== undefined);
    return stored;
  }

  async search(
    library: string,
    request: SearchRequest,
    access: ReadAccess,
    version?: number,
  ): Promise<SearchHit[]> {
    const target = targetOf(library, version);
    const query = toQueryRequest(
      request,
      access,
      this.options.tenant,
      this.options.hybridPrefetchFactor,
    );
    if (query === undefined) return [];
    const response = await this.call(
      'query points',
      () => this.client.query(target, query),
      library,
    );
    return response.points.map(toSearchHit);
  }

  async count(
    library: string,
    access: ReadAccess,
    filter?: PointFilter,
    version?: number,
  ): Promise<number> {
    const target = targetOf(library, version);
    const qdrantFilter = toQdrantFilter(this.options.tenant, filter, access);
    const result = await this.call(
      'count points',
      () => this.client.count(target, { filter: qdrantFilter, exact: true }),
      library,
    );
    return result.count;
  }

  async switchLibraryAlias(library: string, version: number): Promise<void> {
    const target = collectionName(library, version);
    const { exists } = await this.call('collection exists', () =>
      this.client.collectionExists(target),
    );
    if (!exists) {
      throw new StoreRequestRejectedError(
        `Cannot point "${library}" at version ${version}: collection "${target}" does not exist. ` +
          'Create it with createLibraryVersion first.',
      );
    }
    // Both actions in one request: Qdrant applies them atomically, readers never miss the alias.
    // delete_alias is "delete if exists", so this also creates a missing alias.
    const actions: Schemas['AliasOperations'][] = [
      { delete_alias: { alias_name: library } },
      { create_alias: { alias_name: library, collection_name: target } },
    ];
    await this.call('update aliases', () => this.client.updateCollectionAliases({ actions }));
  }

  async getActiveVersion(library: string): Promise<number | undefined> {
    const { aliases } = await this.call('list aliases', () => this.client.getAliases());
    const alias = aliases.find((a) => a.alias_name === library);
    if (alias === undefined) return undefined;
    const version = versionOf(library, alias.collection_name);
    if (version === undefined) {
      throw new StoreRequestRejectedError(
        `Alias "${library}" points at "${alias.collection_name}", which is not a Ragline version collection`,
      );
    }
    return version;
  }

  async listLibraryVersions(library: string): Promise<number[]> {
    const { collections } = await this.call('list collections', () => this.client.getCollections());
    return collections
      .map((c) => versionOf(library, c.name))
      .filter((v): v is number => v !== undefined)
      .sort((a, b) => a - b);
  }

  async dropLibraryVersion(library: string, version: number): Promise<void> {
    if ((await this.getActiveVersion(library)) === version) {
      throw new StoreRequestRejectedError(
        `Version ${version} of "${library}" is active: switch the alias before dropping it.`,
      );
    }
    const name = collectionName(library, version);
    // Deleting a missing collection is not an error here: the goal state is reached.
    await this.tolerateConflict(
      'delete collection',
      () => this.client.deleteCollection(name),
      true,
    );
  }

  async dropLibrary(library: string): Promise<void> {
    await this.call('update aliases', () =>
      this.client.updateCollectionAliases({ actions: [{ delete_alias: { alias_name: library } }] }),
    );
    for (const version of await this.listLibraryVersions(library)) {
      await this.tolerateConflict(
        'delete collection',
        () => this.client.deleteCollection(collectionName(library, version)),
        true,
      );
    }
  }

  async ping(): Promise<void> {
    await this.call('list collections', () => this.client.getCollections(), undefined, 1);
  }

  /** Qdrant optimizes segments by itself. */
  async optimize(): Promise<void> {}

  /** The REST client holds no resources that need releasing. */
  async close(): Promise<void> {}

  private async call<T>(
    what: string,
    op: () => Promise<T>,
    library?: string,
    maxAttempts = this.policy.maxAttempts,
  ): Promise<T> {
    try {
      return await withRetry(what, { ...this.policy, maxAttempts }, op);
    } catch (error) {
      throw toStoreError(error, what, library);
    }
  }

  /** Runs `op`; true if it succeeded, false if the thing already existed (or was already gone). */
  private async tolerateConflict(
    what: string,
    op: () => Promise<unknown>,
    notFoundOk = false,
  ): Promise<boolean> {
    try {
      await withRetry(what, this.policy, op);
      return true;
    } catch (error) {
      const kind = classifyQdrantError(error).kind;
      if (kind === 'conflict' || (notFoundOk && kind === 'not-found')) return false;
      throw toStoreError(error, what);
    }
  }
}

/** The alias, or the collection of one version when the caller names it. */
function targetOf(library: string, version: number | undefined): string {
  return version === undefined ? library : collectionName(library, version);
}

function assertCompleted(what: string, results: Schemas['UpdateResult'][]): void {
  const pending = results.find((r) => r.status !== 'completed');
  if (pending !== undefined) {
    // With wait=true anything but completed means the write is not yet searchable.
    throw new StoreUnavailableError(`Qdrant ${what} ended "${pending.status}", not "completed"`);
  }
}
