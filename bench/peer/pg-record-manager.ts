import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import type {
  ListKeyOptions,
  RecordManagerInterface,
  UpdateOptions,
} from '@langchain/core/indexing';

/**
 * LangChain record manager on PostgreSQL, in a table of its own (dropped by `drop()`). Times are
 * the server's clock_timestamp() in milliseconds with microsecond fractions: the in-memory
 * manager's whole milliseconds let a re-index see "before" and "now" as equal and delete live
 * documents (STACK.md).
 */
export class PgRecordManager implements RecordManagerInterface {
  readonly table = `bench_records_${randomBytes(4).toString('hex')}`;

  constructor(private readonly pool: Pool) {}

  static connect(url: string): PgRecordManager {
    return new PgRecordManager(new Pool({ connectionString: url, max: 4 }));
  }

  async createSchema(): Promise<void> {
    await this.pool.query(
      `CREATE TABLE ${this.table} (key text PRIMARY KEY, group_id text, updated_at double precision NOT NULL)`,
    );
    await this.pool.query(`CREATE INDEX ON ${this.table} (group_id, updated_at)`);
  }

  async getTime(): Promise<number> {
    const result = await this.pool.query<{ now: number }>(
      'SELECT EXTRACT(EPOCH FROM clock_timestamp())::double precision * 1000 AS now',
    );
    return Number(result.rows[0].now);
  }

  async update(keys: string[], options: UpdateOptions = {}): Promise<void> {
    if (keys.length === 0) return;
    const groupIds = options.groupIds ?? keys.map(() => null);
    if (groupIds.length !== keys.length) throw new Error('keys and groupIds differ in length');
    const now = await this.getTime();
    if (options.timeAtLeast !== undefined && now < options.timeAtLeast) {
      throw new Error(`clock went back: ${now} < ${options.timeAtLeast}`);
    }
    await this.pool.query(
      `INSERT INTO ${this.table} (key, group_id, updated_at)
       SELECT k, g, $3 FROM unnest($1::text[], $2::text[]) AS t(k, g)
       ON CONFLICT (key) DO UPDATE SET group_id = EXCLUDED.group_id, updated_at = EXCLUDED.updated_at`,
      [keys, groupIds, now],
    );
  }

  async exists(keys: string[]): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const result = await this.pool.query<{ key: string }>(
      `SELECT key FROM ${this.table} WHERE key = ANY($1::text[])`,
      [keys],
    );
    const found = new Set(result.rows.map((row) => row.key));
    return keys.map((key) => found.has(key));
  }

  async listKeys(options: ListKeyOptions = {}): Promise<string[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.before !== undefined) {
      params.push(options.before);
      where.push(`updated_at < $${params.length}`);
    }
    if (options.after !== undefined) {
      params.push(options.after);
      where.push(`updated_at > $${params.length}`);
    }
    if (options.groupIds !== undefined) {
      params.push(options.groupIds.filter((g): g is string => g !== null));
      where.push(`group_id = ANY($${params.length}::text[])`);
    }
    const limit = options.limit !== undefined ? ` LIMIT ${Math.floor(options.limit)}` : '';
    const result = await this.pool.query<{ key: string }>(
      `SELECT key FROM ${this.table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${limit}`,
      params,
    );
    return result.rows.map((row) => row.key);
  }

  async deleteKeys(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.pool.query(`DELETE FROM ${this.table} WHERE key = ANY($1::text[])`, [keys]);
  }

  async drop(): Promise<void> {
    await this.pool.query(`DROP TABLE IF EXISTS ${this.table}`);
    await this.pool.end();
  }
}
