import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChunkPoint, LibrarySpec } from '../../vector-store.port';
import { LanceDbVectorStore } from './lancedb-vector-store.adapter';
import { READ_ALL } from '../../vector-store.port';

/** Adapter-specific behaviour; the shared guarantees live in test/contract/vector-store.contract.ts. */
describe('LanceDbVectorStore', () => {
  let dataDir: string;
  let store: LanceDbVectorStore;
  const spec: LibrarySpec = {
    name: 'lib',
    dense: { size: 4, distance: 'cosine' },
    sparse: false,
    embedder: 'test:unit:4',
  };

  const point = (documentId: string, i: number, text: string, vector: number[]): ChunkPoint => ({
    id: `${documentId}#${i}`,
    documentId,
    chunkIndex: i,
    text,
    contentHash: `h${i}`,
    version: 1,
    source: 'api',
    metadata: { lang: 'en' },
    acl: ['*'],
    vector,
  });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ragline-lancedb-'));
    store = await LanceDbVectorStore.open({ dataDir });
    await store.ensureLibrary(spec);
  });

  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  });

  it('shows one connection the writes of another at once (readConsistencyInterval 0)', async () => {
    const reader = await LanceDbVectorStore.open({ dataDir });
    try {
      expect(await reader.count('lib', READ_ALL)).toBe(0);
      await store.replaceDocument('lib', 'd1', [point('d1', 0, 'alpha', [1, 0, 0, 0])]);
      expect(await reader.count('lib', READ_ALL)).toBe(1);
      await store.createLibraryVersion(spec, 2);
      await store.switchLibraryAlias('lib', 2);
      expect(await reader.getActiveVersion('lib')).toBe(2);
      expect(await reader.count('lib', READ_ALL)).toBe(0);
    } finally {
      await reader.close();
    }
  });

  it('treats concurrent ensureLibrary calls from other connections as success', async () => {
    const others = await Promise.all([1, 2].map(() => LanceDbVectorStore.open({ dataDir })));
    const names = ['raced_a', 'raced_b', 'raced_c'];
    try {
      await Promise.all(
        [store, ...others].flatMap((s) => names.map((name) => s.ensureLibrary({ ...spec, name }))),
      );
      for (const name of names) {
        expect(await store.getActiveVersion(name)).toBe(1);
        expect(await others[0]!.listLibraryVersions(name)).toEqual([1]);
      }
    } finally {
      await Promise.all(others.map((s) => s.close()));
    }
  });

  it('finds rows written after the full-text index was built, before and after optimize()', async () => {
    await store.replaceDocument('lib', 'd1', [point('d1', 0, 'Foxes are running', [1, 0, 0, 0])]);
    const request = { topK: 5, mode: 'sparse' as const, text: 'fox run' };
    expect((await store.search('lib', request, READ_ALL)).map((h) => h.id)).toEqual(['d1#0']);
    await store.optimize();
    await store.replaceDocument('lib', 'd2', [point('d2', 0, 'A running fox', [0, 1, 0, 0])]);
    const ids = (await store.search('lib', request, READ_ALL)).map((h) => h.id);
    expect(ids.sort()).toEqual(['d1#0', 'd2#0']);
  });

  it('rejects a sparse search without query text, saying what is missing', async () => {
    await expect(store.search('lib', { topK: 3, mode: 'sparse' }, READ_ALL)).rejects.toMatchObject({
      code: 'STORE_REQUEST_REJECTED',
      field: 'text',
    });
  });

  it('rejects vectors of the wrong size before writing', async () => {
    await expect(
      store.replaceDocument('lib', 'd1', [point('d1', 0, 'x', [1, 0])]),
    ).rejects.toMatchObject({ code: 'STORE_REQUEST_REJECTED' });
    expect(await store.count('lib', READ_ALL)).toBe(0);
  });

  it('reports an unreachable data directory as StoreUnavailable without a stack in the message', async () => {
    await store.close();
    const err: unknown = await store.count('lib', READ_ALL).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
    expect((err as Error).message).not.toMatch(/\.rs:\d+/);
    store = await LanceDbVectorStore.open({ dataDir });
  });
});
