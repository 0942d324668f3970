import type { Connection, Table } from '@lancedb/lancedb';
import { Field, Float64, Schema, Utf8 } from 'apache-arrow';
import { sqlString } from './lancedb-filter';
import { isAlreadyExists, isCommitConflict } from './lancedb-errors';
import { asRows, rowNumber } from './lancedb-rows';

/** Table of library aliases: LanceDB has none, so `{ library, version }` rows play that part. */
export const ALIAS_TABLE = '_ragline_aliases';

const ALIAS_SCHEMA = new Schema([
  new Field('library', new Utf8(), false),
  new Field('version', new Float64(), false),
]);

/**
 * Aliases kept in a LanceDB table. Every change is one merge-insert commit keyed on `library`, so
 * a switch is atomic and, with `readConsistencyInterval: 0`, seen by other processes on their next
 * fresh read.
 *
 * `cached()` serves the hot path (every search and write resolves an alias; a fresh read costs
 * ~1.5 ms of native I/O): it returns what this process last read or wrote if that is younger than
 * `cacheMs`. This process's own changes land in the cache at once; another process's switch is
 * seen at most `cacheMs` later. Only existing aliases are cached, so a library created elsewhere
 * is found on the next call.
 */
export class LanceDbAliasRegistry {
  private readonly cache = new Map<string, { version: number; readAt: number }>();

  private constructor(
    readonly table: Table,
    private readonly cacheMs: number,
  ) {}

  static async open(db: Connection, cacheMs = 0): Promise<LanceDbAliasRegistry> {
    const names = await db.tableNames();
    if (!names.includes(ALIAS_TABLE)) {
      try {
        await db.createEmptyTable(ALIAS_TABLE, ALIAS_SCHEMA, { mode: 'create', existOk: true });
      } catch (error) {
        // Another process created it between our check and our create.
        if (!isAlreadyExists(error) && !isCommitConflict(error)) throw error;
      }
    }
    return new LanceDbAliasRegistry(await db.openTable(ALIAS_TABLE), cacheMs);
  }

  /** The alias, from the cache when it is younger than `cacheMs`, else read fresh. */
  async cached(library: string): Promise<number | undefined> {
    const hit = this.cache.get(library);
    if (hit !== undefined && Date.now() - hit.readAt < this.cacheMs) return hit.version;
    return this.get(library);
  }

  /** Forgets the cached alias, e.g. when the table it pointed at turned out to be gone. */
  forget(library: string): void {
    this.cache.delete(library);
  }

  /** The alias as stored now (and refreshes the cache). */
  async get(library: string): Promise<number | undefined> {
    const readAt = Date.now();
    const rows = asRows(
      await this.table
        .query()
        .where(`library = ${sqlString(library)}`)
        .select(['version'])
        .limit(1)
        .toArray(),
    );
    const version = rows[0] === undefined ? undefined : rowNumber(rows[0], 'version');
    this.remember(library, version, readAt);
    return version;
  }

  /**
   * Points `library` at `version` unless it already points somewhere (first creator wins), and
   * returns where it points. Re-checked because two processes creating the alias table on an empty
   * directory at once can make LanceDB overwrite it, losing a row written in that instant.
   */
  async insertIfAbsent(library: string, version: number): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      await this.table
        .mergeInsert('library')
        .whenNotMatchedInsertAll()
        .execute([{ library, version }]);
      const active = await this.get(library);
      if (active !== undefined) return active;
      if (attempt >= 3) throw new Error(`alias of ${library} did not persist`);
    }
  }

  /** Points `library` at `version` in one commit. */
  async set(library: string, version: number): Promise<void> {
    await this.table
      .mergeInsert('library')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute([{ library, version }]);
    this.remember(library, version, Date.now());
  }

  /** Removes the alias (the library is being dropped). */
  async remove(library: string): Promise<void> {
    await this.table.delete(`library = ${sqlString(library)}`);
    this.cache.delete(library);
  }

  private remember(library: string, version: number | undefined, readAt: number): void {
    if (version === undefined) this.cache.delete(library);
    else this.cache.set(library, { version, readAt });
  }
}
