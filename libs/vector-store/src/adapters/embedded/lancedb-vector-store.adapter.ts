import { availableParallelism } from 'node:os';
import { connect, type Connection, type Table } from '@lancedb/lancedb';
import { CollectionNotFoundError, StoreRequestRejectedError } from '../../vector-store.errors';
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
import { ALIAS_TABLE, LanceDbAliasRegistry } from './lancedb-alias-registry';
import { guard, summarise, toStoreError } from './lancedb-errors';
import { commitDocumentSet } from './lancedb-commit';
import { LanceDbWriteBatcher } from './lancedb-write-batcher';
import { LanceDbQueryLimiter } from './lancedb-query-limiter';
import { documentIdEquals, toLanceWhere } from './lancedb-filter';
import { asRows, toStoredVectors } from './lancedb-rows';
import {
  assertLibraryName,
  assertPoints,
  assertSameSpec,
  assertVersion,
} from './lancedb-assertions';
import { ensureTableIndices } from './lancedb-indices';
import { parseVersionTableName, toRow, versionTableName } from './lancedb-schema';
import { LanceDbMaintenance } from './lancedb-maintenance';
import { LanceDbTableCatalog, type OpenTable } from './lancedb-table-catalog';
import { searchTable } from './lancedb-search';
import type { LanceDbVectorStoreOptions } from './lancedb-vector-store.options';

export type { LanceDbLogger, LanceDbVectorStoreOptions } from './lancedb-vector-store.options';

/**
 * The embedded knowledge library on LanceDB files under `dataDir`. One table per collection
 * version (`<library>_v<N>`), aliases in `_ragline_aliases`. The connection reads with
 * `readConsistencyInterval: 0`, so writes by another process (the worker) are seen by the next call
 * here (the API). Table handles are cached; aliases are cached for `aliasCacheMs` (see
 * LanceDbAliasRegistry). Writes to one table are group-committed (see LanceDbWriteBatcher).
 */
export class LanceDbVectorStore implements VectorStore {
  /** BM25 runs on LanceDB's full-text index over `text` (see lancedb-search.ts). */
  readonly usesSparseVectors = false;

  private readonly tables: LanceDbTableCatalog;
  private readonly maintenance: LanceDbMaintenance;
  private readonly writes: LanceDbWriteBatcher<Table>;
  private readonly queries: LanceDbQueryLimiter;

  private constructor(
    private readonly db: Connection,
    private readonly aliases: LanceDbAliasRegistry,
    private readonly options: LanceDbVectorStoreOptions,
  ) {
    this.tables = new LanceDbTableCatalog(db);
    this.queries = new LanceDbQueryLimiter(options.maxConcurrentQueries ?? availableParallelism());
    this.writes = new LanceDbWriteBatcher<Table>({
      commit: commitDocumentSet,
      maxDocuments: options.maxBatchDocuments ?? 256,
      maxRows: options.maxBatchPoints ?? 20_000,
      // Counted per commit: fragments and versions, what compaction cleans up, come per commit.
      onCommitted: (name, table) => this.maintenance.noteWrite(name, table),
      isolateOnError: (error) => toStoreError('replaceDocument', error).retryable === false,
    });
    this.maintenance = new LanceDbMaintenance({
      everyWrites: options.optimizeEveryWrites ?? 20,
      idleMs: options.optimizeIdleMs ?? 1000,
      maxLaneShare: options.optimizeMaxLaneShare ?? 0.25,
      keepVersionsMs: options.keepVersionsMs ?? 600_000,
      // The alias table is written outside the lanes; a version table's pass waits for its lane.
      serialize: (name, table, pass) =>
        name === ALIAS_TABLE ? pass() : this.writes.runExclusive(name, table, pass),
      logger: options.logger,
    });
  }

  static async open(options: LanceDbVectorStoreOptions | string): Promise<LanceDbVectorStore> {
    const resolved = typeof options === 'string' ? { dataDir: options } : options;
    return guard('open', async () => {
      const db = await connect(resolved.dataDir, { readConsistencyInterval: 0 });
      const aliases = await LanceDbAliasRegistry.open(db, resolved.aliasCacheMs ?? 500);
      return new LanceDbVectorStore(db, aliases, resolved);
    });
  }

  async ensureLibrary(spec: LibrarySpec): Promise<void> {
    assertLibraryName(spec.name);
    await guard('ensureLibrary', async () => {
      let active = await this.aliases.get(spec.name);
      if (active === undefined) {
        await this.tables.create(spec, 1);
        active = await this.aliases.insertIfAbsent(spec.name, 1);
      }
      const open = await this.tables.openVersion(spec.name, active);
      assertSameSpec(spec, active, open.spec);
      await ensureTableIndices(open.table);
    });
  }

  async replaceDocument(
    library: string,
    documentId: string,
    points: ChunkPoint[],
    version?: number,
  ): Promise<void> {
    if (points.length === 0) return this.deleteDocument(library, documentId, version);
    await guard('replaceDocument', async () => {
      const { name, table, spec } = await this.resolve(library, version);
      // Checked per call, before queueing, so one bad request cannot fail the batch it would join.
      assertPoints(documentId, points, spec);
      const rows = points.map(toRow);
      await this.writes.submit(name, table, {
        documentId,
        rows,
        pointIds: points.map((p) => p.id),
      });
    });
  }

  async deleteDocument(library: string, documentId: string, version?: number): Promise<void> {
    await guard('deleteDocument', async () => {
      const target = version ?? (await this.aliases.cached(library));
      if (target === undefined) return; // nothing indexed: already deleted
      const { name, table } = await this.tables.openVersion(library, target);
      await this.writes.submit(name, table, { documentId, rows: [], pointIds: [] });
    });
  }

  async getDocumentVectors(
    library: string,
    documentId: string,
    version?: number,
  ): Promise<StoredVectors[]> {
    return guard('getDocumentVectors', async () => {
      const { table } = await this.resolve(library, version);
      const rows = await table
        .query()
        .where(documentIdEquals(documentId))
        .select(['id', 'contentHash', 'vector', 'sparseIndices', 'sparseValues'])
        .toArray();
      return asRows(rows).map(toStoredVectors);
    });
  }

  async search(
    library: string,
    request: SearchRequest,
    access: ReadAccess,
    version?: number,
  ): Promise<SearchHit[]> {
    return guard('search', async () => {
      const { table, spec } = await this.resolve(library, version);
      return searchTable(table, spec, request, access, this.queries);
    });
  }

  async count(
    library: string,
    access: ReadAccess,
    filter?: PointFilter,
    version?: number,
  ): Promise<number> {
    return guard('count', async () => {
      const { table } = await this.resolve(library, version);
      return table.countRows(toLanceWhere(filter, access));
    });
  }

  async createLibraryVersion(spec: LibrarySpec, version: number): Promise<void> {
    assertLibraryName(spec.name);
    assertVersion(version);
    await guard('createLibraryVersion', () => this.tables.create(spec, version));
  }

  async switchLibraryAlias(library: string, version: number): Promise<void> {
    assertVersion(version);
    await guard('switchLibraryAlias', async () => {
      const versions = await this.listLibraryVersions(library);
      if (!versions.includes(version)) {
        throw new StoreRequestRejectedError(
          `Library "${library}" has no version ${version}: create it before switching to it.`,
        );
      }
      await this.aliases.set(library, version);
    });
  }

  async getActiveVersion(library: string): Promise<number | undefined> {
    return guard('getActiveVersion', () => this.aliases.get(library));
  }

  async listLibraryVersions(library: string): Promise<number[]> {
    return guard('listLibraryVersions', async () => {
      const versions = (await this.db.tableNames())
        .map((name) => parseVersionTableName(library, name))
        .filter((v): v is number => v !== undefined);
      return versions.sort((a, b) => a - b);
    });
  }

  async dropLibraryVersion(library: string, version: number): Promise<void> {
    await guard('dropLibraryVersion', async () => {
      if ((await this.aliases.get(library)) === version) {
        throw new StoreRequestRejectedError(
          `Version ${version} of library "${library}" is active: switch the alias away before dropping it.`,
        );
      }
      const name = versionTableName(library, version);
      this.maintenance.forget(name);
      await this.tables.drop(name);
    });
  }

  async dropLibrary(library: string): Promise<void> {
    assertLibraryName(library);
    await guard('dropLibrary', async () => {
      await this.writes.flush();
      await this.aliases.remove(library);
      for (const version of await this.listLibraryVersions(library)) {
        const name = versionTableName(library, version);
        this.maintenance.forget(name);
        await this.tables.drop(name);
      }
    });
  }

  async ping(): Promise<void> {
    await guard('ping', async () => {
      await this.aliases.table.countRows();
    });
  }

  /**
   * Optimizes every table now (see LanceDbMaintenance). Safe beside writers in any process:
   * LanceDB retries conflicting commits, and a pass that still fails is logged, not thrown.
   */
  async optimize(): Promise<void> {
    const names = await guard('optimize', () => this.db.tableNames());
    for (const name of names) {
      try {
        const table =
          name === ALIAS_TABLE ? this.aliases.table : (await this.tables.openByName(name)).table;
        await this.maintenance.optimize(name, table);
      } catch (error) {
        this.options.logger?.warn(`LanceDB cannot open table ${name}: ${summarise(error)}`);
      }
    }
  }

  async close(): Promise<void> {
    await this.writes.flush();
    await this.maintenance.drain();
    this.tables.closeAll();
    this.aliases.table.close();
    this.db.close();
  }

  /** `explicit`'s table, else the active version's, or CollectionNotFoundError. */
  private async resolve(library: string, explicit?: number): Promise<OpenTable> {
    if (explicit !== undefined) return this.tables.openVersion(library, explicit);
    const version = await this.aliases.cached(library);
    if (version === undefined) throw new CollectionNotFoundError(library);
    try {
      return await this.tables.openVersion(library, version);
    } catch (error) {
      // A cached alias may point at a version another process has since switched away and dropped.
      if (!(error instanceof CollectionNotFoundError)) throw error;
      this.aliases.forget(library);
      const fresh = await this.aliases.get(library);
      if (fresh === undefined || fresh === version) throw error;
      return this.tables.openVersion(library, fresh);
    }
  }
}
