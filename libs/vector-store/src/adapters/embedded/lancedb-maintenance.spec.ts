import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Connection, type Table } from '@lancedb/lancedb';
import { commitDocumentSet } from './lancedb-commit';
import { toRow } from './lancedb-schema';
import { TEST_LIBRARY, versionedPoints } from './lancedb-test-fixtures';
import { LanceDbVectorStore } from './lancedb-vector-store.adapter';
import { LanceDbWriteBatcher } from './lancedb-write-batcher';
import { READ_ALL } from '../../vector-store.port';

/** Compaction of the embedded store while this process keeps writing, on real LanceDB files. */
describe('LanceDB maintenance under steady writes', () => {
  let dataDir: string;
  let db: Connection | undefined;
  let table: Table | undefined;
  const spec = TEST_LIBRARY;
  const points = (documentId: string, version: number) => versionedPoints(documentId, version, 2);

  /** The version table as another process sees it. */
  const openTable = async (): Promise<Table> => {
    db ??= await connect(dataDir, { readConsistencyInterval: 0 });
    table ??= await db.openTable('lib_v1');
    return table;
  };

  /**
   * `commits` single-document replaces, each submitted while the previous one is still being
   * committed, so there is always a merge in flight: the load under which a compaction started
   * beside the writes was preempted every time.
   */
  const writeSteadily = async (store: LanceDbVectorStore, commits: number): Promise<void> => {
    let previous: Promise<void> = Promise.resolve();
    for (let n = 1; n <= commits; n++) {
      const current = store.replaceDocument('lib', `doc-${n % 7}`, points(`doc-${n % 7}`, n));
      await previous;
      previous = current;
    }
    await previous;
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ragline-maintenance-'));
  });

  afterEach(async () => {
    table?.close();
    db?.close();
    table = undefined;
    db = undefined;
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  });

  it('compacts every N commits without being preempted by its own writes', async () => {
    const warnings: string[] = [];
    const store = await LanceDbVectorStore.open({
      dataDir,
      optimizeEveryWrites: 5,
      optimizeIdleMs: 0,
      // No cap on the lane's share, so the count alone decides (deterministic fragment bound).
      optimizeMaxLaneShare: 1,
      logger: { warn: (message) => warnings.push(message) },
    });
    await store.ensureLibrary(spec);
    await writeSteadily(store, 60);
    await store.close(); // waits for the last pass
    const stats = await (await openTable()).stats();
    expect(warnings).toEqual([]);
    // 60 commits without compaction leave 60 fragments; a pass every 5 leaves at most 5 new ones
    // beside the compacted ones.
    expect(stats.fragmentStats.numFragments).toBeLessThanOrEqual(7);
    expect(stats.numRows).toBe(14);
  });

  it('compacts the tail of a burst once the writes stop', async () => {
    const store = await LanceDbVectorStore.open({
      dataDir,
      optimizeEveryWrites: 1000,
      optimizeIdleMs: 20,
    });
    try {
      await store.ensureLibrary(spec);
      await writeSteadily(store, 12);
      const view = await openTable();
      // Compacted and indexed: every row in the full-text index, at most two fragments (if a
      // commit was slow, a pass may already have run mid-burst, and LanceDB compacts the indexed
      // fragment and the newer unindexed ones separately until the next pass).
      const tail = async () => ({
        fragments: (await view.stats()).fragmentStats.numFragments,
        unindexed: (await view.indexStats('text_idx'))?.numUnindexedRows,
      });
      // Waits for the idle pass to land (a condition, not a fixed sleep); 10 s is only a bound.
      const deadline = Date.now() + 10_000;
      let state = await tail();
      while ((state.fragments > 2 || state.unindexed !== 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        state = await tail();
      }
      expect(state).toEqual({ fragments: expect.any(Number), unindexed: 0 });
      expect(state.fragments).toBeLessThanOrEqual(2);
      expect(await store.count('lib', READ_ALL)).toBe(14);
    } finally {
      await store.close();
    }
  });

  it('runs an exclusive task between commits, never during one', async () => {
    const store = await LanceDbVectorStore.open({ dataDir, optimizeEveryWrites: 0 });
    await store.ensureLibrary(spec);
    await store.close();
    const target = await openTable();
    const log: string[] = [];
    let committing = false;
    let commitStarted: () => void = () => undefined;
    const firstCommitStarted = new Promise<void>((resolve) => (commitStarted = resolve));
    const batcher = new LanceDbWriteBatcher<Table>({
      commit: async (t, writes) => {
        committing = true;
        commitStarted();
        log.push(`commit ${writes.map((w) => w.documentId).join(',')}`);
        await commitDocumentSet(t, writes);
        committing = false;
      },
      maxDocuments: 256,
      maxRows: 20_000,
    });
    const write = (id: string) => {
      const pts = points(id, 1);
      return batcher.submit('lib_v1', target, {
        documentId: id,
        rows: pts.map(toRow),
        pointIds: pts.map((p) => p.id),
      });
    };
    const first = write('a');
    await firstCommitStarted;
    // Queued while `a` commits: the task waits for it; `b` and `c`, queued while the task runs,
    // wait for the task and then go together.
    const task = batcher.runExclusive('lib_v1', target, async () => {
      log.push(`task (committing: ${committing})`);
      const later = [write('b'), write('c')];
      await Promise.resolve();
      return later;
    });
    const later = await task;
    await Promise.all([first, ...later]);
    expect(log).toEqual(['commit a', 'task (committing: false)', 'commit b,c']);
  });
});
