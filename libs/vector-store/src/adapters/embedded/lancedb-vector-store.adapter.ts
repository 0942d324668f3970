import { connect, Index, type Connection, type Table } from '@lancedb/lancedb';
import { ErrorCode, RaglineError } from '@ragline/errors';
import { LibraryNotFoundError, StoreRequestRejectedError } from '../../vector-store.errors';
import type {
  ChunkPoint,
  LibrarySpec,
  PointFilter,
  SearchHit,
  SearchRequest,
  StoredVectors,
  VectorStore,
} from '../../vector-store.port';
import { ALIAS_TABLE, LanceDbAliasRegistry } from './lancedb-alias-registry';
import { guard, isAlreadyExists, isTableNotFound, summarise } from './lancedb-errors';
import { documentIdEquals, toLanceWhere } from './lancedb-filter';
import { asRows, toStoredVectors } from './lancedb-rows';
import {
  chunkTableSchema,
  isValidLibraryName,
  parseVersionTableName,
  readSpecRecord,
  specDifferences,
  specRecord,
  toRow,
  versionTableName,
  type SpecRecord,
} from './lancedb-schema';
import { searchTable } from './lancedb-search';

/** Anything with a `warn(message)`: a Nest Logger or a pino logger both fit. */
export interface LanceDbLogger {
  warn(message: string): void;
}

export interface LanceDbVectorStoreOptions {
  /** Directory holding the tables (created if missing). */
  dataDir: string;
  logger?: LanceDbLogger;
  /** optimize() prunes table versions older than this (default 10 minutes; in-flight reads use recent ones). */
  keepVersionsMs?: number;
}

interface OpenTable {
  table: Table;
  spec: SpecRecord;
}

/** English BM25 over `text`: lowercase, Porter-style stemming, stop words removed. */
const FTS_INDEX = (): Index =>
  Index.fts({
    baseTokenizer: 'simple',
    language: 'English',
    lowercase: true,
    stem: true,
    removeStopWords: true,
    asciiFolding: true,
    withPosition: false,
  });

/**
 * The embedded knowledge library on LanceDB files under `dataDir`. One table per collection
 * version (`<library>_v<N>`), aliases in `_ragline_aliases`. The connection reads with
 * `readConsistencyInterval: 0`, so writes by another process (the worker) are seen by the next call
 * here (the API). Table handles are cached; aliases are re-read on every call.
 */
export class LanceDbVectorStore implements VectorStore {
  readonly kind = 'embedded' as const;
  private readonly tables = new Map<string, OpenTable>();

  private constructor(
    private readonly db: Connection,
    private readonly aliases: LanceDbAliasRegistry,
    private readonly options: LanceDbVectorStoreOptions,
  ) {}

  static async open(options: LanceDbVectorStoreOptions | string): Promise<LanceDbVectorStore> {
    const resolved = typeof options === 'string' ? { dataDir: options } : options;
    return guard('open', async () => {
      const db = await connect(resolved.dataDir, { readConsistencyInterval: 0 });
      return new LanceDbVectorStore(db, await LanceDbAliasRegistry.open(db), resolved);
    });
  }

  async ensureLibrary(spec: LibrarySpec): Promise<void> {
    assertLibraryName(spec.name);
    await guard('ensureLibrary', async () => {
      let active = await this.aliases.get(spec.name);
      if (active === undefined) {
        await this.createVersionTable(spec, 1);
        // Two processes may race here: the first alias insert wins, the other is a no-op.
        await this.aliases.insertIfAbsent(spec.name, 1);
        active = (await this.aliases.get(spec.name)) ?? 1;
      }
      const open = await this.openVersion(spec.name, active);
      assertSameSpec(spec, active, open.spec);
      await ensureFtsIndex(open.table);
    });
  }

  async replaceDocument(library: string, documentId: string, points: ChunkPoint[]): Promise<void> {
    if (points.length === 0) return this.deleteDocument(library, documentId);
    await guard('replaceDocument', async () => {
      const { table, spec } = await this.resolve(library);
      assertPoints(documentId, points, spec);
      // One commit: upsert by id, and drop the document's ids absent from `points`.
      await table
        .mergeInsert('id')
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .whenNotMatchedBySourceDelete({ where: documentIdEquals(documentId) })
        .execute(points.map(toRow));
    });
  }

  async deleteDocument(library: string, documentId: string): Promise<void> {
    await guard('deleteDocument', async () => {
      const version = await this.aliases.get(library);
      if (version === undefined) return; // nothing indexed: already deleted
      const { table } = await this.openVersion(library, version);
      await table.delete(documentIdEquals(documentId));
    });
  }

  async getDocumentVectors(library: string, documentId: string): Promise<StoredVectors[]> {
    return guard('getDocumentVectors', async () => {
      const { table } = await this.resolve(library);
      const rows = await table
        .query()
        .where(documentIdEquals(documentId))
        .select(['id', 'contentHash', 'vector', 'sparseIndices', 'sparseValues'])
        .toArray();
      return asRows(rows).map(toStoredVectors);
    });
  }

  async search(library: string, request: SearchRequest): Promise<SearchHit[]> {
    return guard('search', async () => {
      const { table, spec } = await this.resolve(library);
      return searchTable(table, spec, request);
    });
  }

  async count(library: string, filter?: PointFilter): Promise<number> {
    return guard('count', async () => {
      const { table } = await this.resolve(library);
      return table.countRows(toLanceWhere(filter));
    });
  }

  async createLibraryVersion(spec: LibrarySpec, version: number): Promise<void> {
    assertLibraryName(spec.name);
    assertVersion(version);
    await guard('createLibraryVersion', () => this.createVersionTable(spec, version));
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
      this.tables.get(name)?.table.close();
      this.tables.delete(name);
      try {
        await this.db.dropTable(name);
      } catch (error) {
        if (!isTableNotFound(error)) throw error;
      }
    });
  }

  async ping(): Promise<void> {
    await guard('ping', async () => {
      await this.aliases.table.countRows();
    });
  }

  /**
   * Compacts every table's small fragments, folds new rows into the full-text index, and prunes
   * old versions. Safe beside writers (LanceDB retries conflicting commits); a table that fails is
   * logged and skipped so one busy table does not stop the others.
   */
  async optimize(): Promise<void> {
    const names = await guard('optimize', () => this.db.tableNames());
    const cleanupOlderThan = new Date(Date.now() - (this.options.keepVersionsMs ?? 600_000));
    for (const name of names) {
      try {
        const table =
          name === ALIAS_TABLE ? this.aliases.table : (await this.openByName(name)).table;
        await table.optimize({ cleanupOlderThan });
      } catch (error) {
        this.options.logger?.warn(`LanceDB optimize of table ${name} failed: ${summarise(error)}`);
      }
    }
  }

  async close(): Promise<void> {
    for (const { table } of this.tables.values()) table.close();
    this.tables.clear();
    this.aliases.table.close();
    this.db.close();
  }

  /** The active version's table, or LibraryNotFoundError. */
  private async resolve(library: string): Promise<OpenTable> {
    const version = await this.aliases.get(library);
    if (version === undefined) throw new LibraryNotFoundError(library);
    return this.openVersion(library, version);
  }

  private async openVersion(library: string, version: number): Promise<OpenTable> {
    try {
      return await this.openByName(versionTableName(library, version));
    } catch (error) {
      if (isTableNotFound(error)) throw new LibraryNotFoundError(library);
      throw error;
    }
  }

  private async openByName(name: string): Promise<OpenTable> {
    const cached = this.tables.get(name);
    if (cached !== undefined) return cached;
    const table = await this.db.openTable(name);
    const spec = readSpecRecord(await table.schema());
    if (spec === undefined) {
      throw new StoreRequestRejectedError(`Table ${name} was not created by Ragline (no spec).`);
    }
    const open = { table, spec };
    this.tables.set(name, open);
    return open;
  }

  /** Creates `<library>_v<version>`; if it exists already (another process), checks its spec. */
  private async createVersionTable(spec: LibrarySpec, version: number): Promise<void> {
    const name = versionTableName(spec.name, version);
    try {
      const table = await this.db.createEmptyTable(name, chunkTableSchema(spec), {
        mode: 'create',
        existOk: false,
      });
      await ensureFtsIndex(table);
      this.tables.set(name, { table, spec: specRecord(spec) });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      const existing = await this.openByName(name);
      assertSameSpec(spec, version, existing.spec);
      await ensureFtsIndex(existing.table);
    }
  }
}

/** Creates the full-text index unless present; a concurrent creator's index counts as present. */
async function ensureFtsIndex(table: Table): Promise<void> {
  const indices = await table.listIndices();
  if (indices.some((index) => index.columns.includes('text'))) return;
  try {
    await table.createIndex('text', { config: FTS_INDEX(), replace: false });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
}

function assertSameSpec(wanted: LibrarySpec, version: number, stored: SpecRecord): void {
  const diffs = specDifferences(stored, specRecord(wanted));
  if (diffs.length === 0) return;
  throw new RaglineError(
    ErrorCode.EmbedderMismatch,
    `Library "${wanted.name}" version ${version} was built with a different embedding setup (stored vs configured: ${diffs.join('; ')}). Reindex the library into a new version, or configure the embedder it was built with.`,
    {
      retryable: false,
      details: { library: wanted.name, version, stored, wanted: specRecord(wanted) },
    },
  );
}

function assertLibraryName(name: string): void {
  if (!isValidLibraryName(name)) {
    throw new StoreRequestRejectedError(
      `Library name "${name}" is invalid: use letters, digits and _, starting with a letter (max 64).`,
      { field: 'library' },
    );
  }
}

function assertVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new StoreRequestRejectedError(`A library version is a positive integer, got ${version}.`);
  }
}

function assertPoints(documentId: string, points: readonly ChunkPoint[], spec: SpecRecord): void {
  const ids = new Set<string>();
  for (const point of points) {
    if (point.documentId !== documentId) {
      throw new StoreRequestRejectedError(
        `Point ${point.id} belongs to document "${point.documentId}", not "${documentId}".`,
      );
    }
    if (point.vector.length !== spec.dense.size) {
      throw new StoreRequestRejectedError(
        `Point ${point.id} has a ${point.vector.length}-dimension vector; the library stores ${spec.dense.size}.`,
      );
    }
    if (ids.has(point.id)) throw new StoreRequestRejectedError(`Point id ${point.id} is repeated.`);
    ids.add(point.id);
  }
}
