import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Connection, type Table } from '@lancedb/lancedb';
import { commitDocumentSet } from './lancedb-commit';
import { asRows, rowString } from './lancedb-rows';
import { toRow } from './lancedb-schema';
import { TEST_LIBRARY, versionedPoints } from './lancedb-test-fixtures';
import { LanceDbVectorStore } from './lancedb-vector-store.adapter';
import { LanceDbWriteBatcher, type DocumentWrite } from './lancedb-write-batcher';
import { READ_ALL } from '../../vector-store.port';

/** Group commit of replaceDocument / deleteDocument on real LanceDB files. */
describe('LanceDbVectorStore group commit', () => {
  let dataDir: string;
  let store: LanceDbVectorStore;
  let db: Connection;
  let table: Table;
  const spec = TEST_LIBRARY;
  const points = versionedPoints;

  const write = (documentId: string, version: number, chunks: number): DocumentWrite => {
    const pts = points(documentId, version, chunks);
    return { documentId, rows: pts.map(toRow), pointIds: pts.map((p) => p.id) };
  };

  /** Every stored chunk text, by document. */
  const textsByDocument = async (): Promise<Map<string, string[]>> => {
    const rows = asRows(await table.query().select(['documentId', 'text']).toArray());
    const byDoc = new Map<string, string[]>();
    for (const row of rows) {
      const id = rowString(row, 'documentId');
      byDoc.set(id, [...(byDoc.get(id) ?? []), rowString(row, 'text')]);
    }
    return byDoc;
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ragline-group-commit-'));
    store = await LanceDbVectorStore.open({ dataDir, optimizeEveryWrites: 0, optimizeIdleMs: 0 });
    await store.ensureLibrary(spec);
    // A second connection, as another process would see the table.
    db = await connect(dataDir, { readConsistencyInterval: 0 });
    table = await db.openTable('lib_v1');
  });

  afterEach(async () => {
    table.close();
    db.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  });

  it('lands 50 concurrent replaces exactly once, in fewer commits than calls', async () => {
    const before = await table.version();
    const ids = Array.from({ length: 50 }, (_, i) => `doc-${i}`);
    await Promise.all(ids.map((id) => store.replaceDocument('lib', id, points(id, 1, 3))));
    const commits = (await table.version()) - before;
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThan(ids.length);
    expect(await store.count('lib', READ_ALL)).toBe(150);
    const texts = await textsByDocument();
    for (const id of ids)
      expect(texts.get(id)?.sort()).toEqual(points(id, 1, 3).map((p) => p.text));
  });

  it('applies replaces and deletes queued together', async () => {
    await store.replaceDocument('lib', 'keep', points('keep', 1, 2));
    await store.replaceDocument('lib', 'gone', points('gone', 1, 2));
    await store.replaceDocument('lib', 'shrink', points('shrink', 1, 4));
    await Promise.all([
      store.deleteDocument('lib', 'gone'),
      store.replaceDocument('lib', 'shrink', points('shrink', 2, 1)),
      store.replaceDocument('lib', 'new', points('new', 1, 2)),
      store.deleteDocument('lib', 'never-existed'),
    ]);
    const texts = await textsByDocument();
    expect([...texts.keys()].sort()).toEqual(['keep', 'new', 'shrink']);
    expect(texts.get('shrink')).toEqual(['v2 shrink chunk 0']);
    expect(texts.get('keep')).toHaveLength(2);
  });

  it('writes a document queued twice once, with the later points, beside a delete', async () => {
    await store.replaceDocument('lib', 'gone', points('gone', 1, 2));
    const commits: string[][] = [];
    const batcher = new LanceDbWriteBatcher<Table>({
      commit: async (target, writes) => {
        commits.push(writes.map((w) => w.documentId));
        await commitDocumentSet(target, writes);
      },
      maxDocuments: 256,
      maxRows: 20_000,
    });
    // Submitted in one tick: all join the first batch.
    await Promise.all([
      batcher.submit('lib_v1', table, write('twice', 1, 3)),
      batcher.submit('lib_v1', table, write('other', 1, 1)),
      batcher.submit('lib_v1', table, { documentId: 'gone', rows: [], pointIds: [] }),
      batcher.submit('lib_v1', table, write('twice', 2, 2)),
    ]);
    expect(commits).toEqual([['twice', 'other', 'gone']]);
    const texts = await textsByDocument();
    expect(texts.get('twice')?.sort()).toEqual(['v2 twice chunk 0', 'v2 twice chunk 1']);
    expect([...texts.keys()].sort()).toEqual(['other', 'twice']);
  });

  it('splits the queue into batches at the document and point limits', async () => {
    const sizes: number[] = [];
    const batcher = new LanceDbWriteBatcher<Table>({
      commit: async (target, writes) => {
        sizes.push(writes.length);
        await commitDocumentSet(target, writes);
      },
      maxDocuments: 3,
      maxRows: 5,
    });
    await Promise.all(
      Array.from({ length: 7 }, (_, i) => batcher.submit('lib_v1', table, write(`d${i}`, 1, 2))),
    );
    expect(sizes).toEqual([2, 2, 2, 1]);
    expect(await table.countRows()).toBe(14);
  });

  it('fails only the call with bad input, not the others queued with it', async () => {
    const bad = points('bad', 1, 1).map((p) => ({ ...p, vector: [1, 0] }));
    const results = await Promise.allSettled([
      ...['a', 'b', 'c'].map((id) => store.replaceDocument('lib', id, points(id, 1, 2))),
      store.replaceDocument('lib', 'bad', bad),
      ...['d', 'e'].map((id) => store.replaceDocument('lib', id, points(id, 1, 2))),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(results[3]).toMatchObject({ reason: { code: 'STORE_REQUEST_REJECTED' } });
    expect(await store.count('lib', READ_ALL)).toBe(10);
  });

  it('never shows a reader two versions of one document during a burst', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `doc-${i}`);
    // Versions differ in chunk count too, so a half-applied replace would show as a wrong count.
    const chunksOf = (version: number): number => 1 + (version % 4);
    await Promise.all(
      ids.map((id) => store.replaceDocument('lib', id, points(id, 1, chunksOf(1)))),
    );
    let writing = true;
    const violations: string[] = [];
    let reads = 0;
    const reader = (async () => {
      while (writing || reads < 3) {
        reads++;
        for (const [id, texts] of await textsByDocument()) {
          const versions = new Set(texts.map((t) => Number(t.split(' ')[0]?.slice(1))));
          const [version] = [...versions];
          if (versions.size !== 1 || version === undefined || texts.length !== chunksOf(version)) {
            violations.push(`${id}: ${texts.join(' | ')}`);
          }
        }
      }
    })();
    for (let version = 2; version <= 6; version++) {
      await Promise.all(
        ids.map((id) => store.replaceDocument('lib', id, points(id, version, chunksOf(version)))),
      );
    }
    writing = false;
    await reader;
    expect(violations).toEqual([]);
    expect(reads).toBeGreaterThan(1);
    expect(await store.count('lib', READ_ALL)).toBe(ids.length * chunksOf(6));
  });
});
