import type { Connection, Table } from '@lancedb/lancedb';
import { CollectionNotFoundError, StoreRequestRejectedError } from '../../vector-store.errors';
import type { LibrarySpec } from '../../vector-store.port';
import { assertSameSpec } from './lancedb-assertions';
import { isAlreadyExists, isCommitConflict, isTableNotFound } from './lancedb-errors';
import { ensureTableIndices } from './lancedb-indices';
import {
  chunkTableSchema,
  readSpecRecord,
  specRecord,
  versionTableName,
  type SpecRecord,
} from './lancedb-schema';

/** An open version table with the spec it was created with. */
export interface OpenTable {
  name: string;
  table: Table;
  spec: SpecRecord;
}

/**
 * Opens, creates and drops version tables, caching handles: opening a table reads its manifest,
 * which costs more than the queries themselves. A cached handle still sees other processes'
 * commits (the connection has `readConsistencyInterval: 0`).
 */
export class LanceDbTableCatalog {
  private readonly open = new Map<string, OpenTable>();

  constructor(private readonly db: Connection) {}

  /** `<library>_v<version>`, or CollectionNotFoundError when that table is missing. */
  async openVersion(library: string, version: number): Promise<OpenTable> {
    try {
      return await this.openByName(versionTableName(library, version));
    } catch (error) {
      if (isTableNotFound(error)) throw new CollectionNotFoundError(library);
      throw error;
    }
  }

  async openByName(name: string): Promise<OpenTable> {
    const cached = this.open.get(name);
    if (cached !== undefined) return cached;
    const table = await this.db.openTable(name);
    const spec = readSpecRecord(await table.schema());
    if (spec === undefined) {
      table.close();
      throw new StoreRequestRejectedError(`Table ${name} was not created by Ragline (no spec).`);
    }
    const entry = { name, table, spec };
    this.open.set(name, entry);
    return entry;
  }

  /**
   * Creates `<library>_v<version>` with its full-text index. If it exists already (a concurrent
   * creator in another process, or a retry), that counts as success when its spec matches.
   */
  async create(spec: LibrarySpec, version: number): Promise<void> {
    const name = versionTableName(spec.name, version);
    try {
      const table = await this.db.createEmptyTable(name, chunkTableSchema(spec), {
        mode: 'create',
        existOk: false,
      });
      this.open.set(name, { name, table, spec: specRecord(spec) });
      await ensureTableIndices(table);
    } catch (error) {
      // A racing creator surfaces as "already exists" or as a preempted (Overwrite) commit.
      if (!isAlreadyExists(error) && !isCommitConflict(error)) throw error;
      const existing = await this.openByName(name);
      assertSameSpec(spec, version, existing.spec);
      await ensureTableIndices(existing.table);
    }
  }

  /** Drops a table; a missing one is already dropped. */
  async drop(name: string): Promise<void> {
    this.open.get(name)?.table.close();
    this.open.delete(name);
    try {
      await this.db.dropTable(name);
    } catch (error) {
      if (!isTableNotFound(error)) throw error;
    }
  }

  closeAll(): void {
    for (const { table } of this.open.values()) table.close();
    this.open.clear();
  }
}
