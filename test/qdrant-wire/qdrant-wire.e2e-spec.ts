import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  CollectionNotFoundError,
  pointId,
  READ_ALL,
  QdrantVectorStore,
  StoreRequestRejectedError,
  StoreUnavailableError,
  type ChunkPoint,
  type LibrarySpec,
} from '@ragline/vector-store';
import { QdrantOpenApiStub, type RecordedCall } from './qdrant-openapi-stub';
import {
  chunkPayload,
  collectionInfo,
  completed,
  fail,
  installDefaultReplies,
  ok,
} from './qdrant-replies';

/**
 * Every adapter operation, through the real adapter and the real @qdrant/js-client-rest, against a
 * stub that validates each request (and each scripted reply) against Qdrant's OpenAPI document.
 * Any request the document does not allow is a test failure.
 */
const SPECS = ['v1.18', 'v1.19'] as const;
const spec: LibrarySpec = {
  name: 'docs',
  dense: { size: 4, distance: 'cosine' },
  sparse: true,
  embedder: 'hash:test:4',
};

function chunk(documentId: string, i: number, extra: Partial<ChunkPoint> = {}): ChunkPoint {
  const contentHash = `${documentId}-${i}-`.padEnd(32, '0');
  return {
    id: pointId(spec.name, documentId, contentHash, 0),
    documentId,
    chunkIndex: i,
    text: `text ${i}`,
    contentHash,
    version: 2,
    source: 'api',
    metadata: { lang: 'en', year: 2024, draft: false, score: 0.5 },
    acl: ['*'],
    vector: [1, 0, 0, 0],
    sparse: { indices: [3, 17], values: [1, 2] },
    ...extra,
  };
}

/** Reads a nested value of a recorded body by path, for assertions. */
function at(call: RecordedCall | undefined, ...path: (string | number)[]): unknown {
  let node: unknown = call?.body;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

describe.each(SPECS)('Qdrant wire format against openapi-%s.json', (version) => {
  let stub: QdrantOpenApiStub;
  let store: QdrantVectorStore;
  const operations = new Set<string>();
  let requests = 0;
  let invalid = 0;

  beforeAll(async () => {
    stub = await QdrantOpenApiStub.start(join(__dirname, 'openapi', `openapi-${version}.json`));
    installDefaultReplies(stub);
  });

  beforeEach(() => {
    stub.reset();
    store = new QdrantVectorStore({
      url: stub.url,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 5,
      metadataIndexes: { lang: 'keyword', year: 'integer', draft: 'bool', score: 'float' },
    });
  });

  afterEach(async () => {
    await store.close();
    for (const call of stub.calls) operations.add(call.operationId);
    requests += stub.calls.length;
    invalid += stub.violations.length;
    // The point of the suite: nothing the adapter sent was outside the document.
    expect(stub.violations).toEqual([]);
  });

  afterAll(async () => {
    console.log(
      `qdrant-wire ${version}: ${requests} requests over ${operations.size} operations ` +
        `(${[...operations].sort().join(', ')}), ${invalid} invalid`,
    );
    await stub.close();
  });

  it('validator self-check: rejects bodies the document forbids, accepts real ones', async () => {
    const query = '/collections/docs/points/query';
    expect(await stub.check('post', query, { query: { fusion: 'foo' } })).not.toEqual([]);
    expect(await stub.check('post', query, { query: { fusion: 'rrf' } })).toEqual([]);
    expect(await stub.check('post', query, { query: [1, 2], limit: 0 })).not.toEqual([]);
    const create = '/collections/docs_v1';
    expect(
      await stub.check('put', create, { sparse_vectors: { bm25: { modifier: 'IDF' } } }),
    ).not.toEqual([]);
    const upsert = { operations: [{ upsert: { points: [{ id: 'doc-1#0', vector: [1] }] } }] };
    expect(await stub.check('post', '/collections/docs/points/batch', upsert)).not.toEqual([]);
    expect(await stub.checkReply('batch_update', 200, ok([{ status: 'bogus' }]).body)).not.toEqual(
      [],
    );
  });

  it('ensureLibrary on an empty server: collection, indexes, alias, then checks the marker', async () => {
    stub.once('get_collections_aliases', () => ok({ aliases: [] }));
    stub.once('get_collections_aliases', () =>
      ok({ aliases: [{ alias_name: 'docs', collection_name: 'docs_v1' }] }),
    );
    stub.once('get_collection', () => collectionInfo(spec));
    await store.ensureLibrary(spec);

    const [create] = stub.callsOf('create_collection');
    expect(create.path).toBe('/collections/docs_v1');
    expect(at(create, 'vectors', 'dense')).toEqual({ size: 4, distance: 'Cosine' });
    expect(at(create, 'sparse_vectors', 'bm25')).toEqual({ modifier: 'idf' });
    expect(at(create, 'metadata', 'ragline', 'embedder')).toBe('hash:test:4');

    const indexes = stub.callsOf('create_field_index').map((c) => c.body);
    expect(indexes).toContainEqual({
      field_name: 'tenant',
      field_schema: { type: 'keyword', is_tenant: true },
    });
    expect(indexes).toContainEqual({ field_name: 'documentId', field_schema: 'keyword' });
    expect(indexes).toContainEqual({ field_name: 'acl', field_schema: 'keyword' });
    expect(indexes).toContainEqual({ field_name: 'metadata.score', field_schema: 'float' });
    expect(stub.callsOf('create_field_index').every((c) => c.query.wait === 'true')).toBe(true);

    expect(at(stub.callsOf('update_aliases')[0], 'actions')).toEqual([
      { create_alias: { alias_name: 'docs', collection_name: 'docs_v1' } },
    ]);
  });

  it('ensureLibrary loses a creation race gracefully (409 collection and alias)', async () => {
    stub.once('get_collections_aliases', () => ok({ aliases: [] }));
    stub.once('create_collection', () => fail(409, 'Collection `docs_v1` already exists!'));
    stub.once('get_collection', () => collectionInfo(spec));
    stub.once('update_aliases', () => fail(409, 'Alias `docs` already exists!'));
    stub.once('get_collections_aliases', () =>
      ok({ aliases: [{ alias_name: 'docs', collection_name: 'docs_v1' }] }),
    );
    stub.once('get_collection', () => collectionInfo(spec));
    await expect(store.ensureLibrary(spec)).resolves.toBeUndefined();
  });

  it('ensureLibrary refuses a library built with another embedder or size', async () => {
    const alias = ok({ aliases: [{ alias_name: 'docs', collection_name: 'docs_v1' }] });
    stub.on('get_collections_aliases', () => alias);
    stub.once('get_collection', () => collectionInfo(spec, { embedder: 'cohere:embed:4' }));
    await expect(store.ensureLibrary(spec)).rejects.toMatchObject({ code: 'EMBEDDER_MISMATCH' });
    stub.once('get_collection', () => collectionInfo(spec, { size: 8 }));
    await expect(store.ensureLibrary(spec)).rejects.toMatchObject({
      code: 'EMBEDDER_MISMATCH',
      message: expect.stringMatching(/8-d/),
    });
    stub.on('get_collections_aliases', () => ok({ aliases: [] }));
  });

  it('replaceDocument: upserts and deletes stale chunks in one waited batch request', async () => {
    const points = [chunk('d1', 0), chunk('d1', 1, { title: 'T', sparse: undefined })];
    await store.replaceDocument('docs', 'd1', points);
    const [batch] = stub.callsOf('batch_update');
    expect(stub.callsOf('batch_update')).toHaveLength(1);
    expect(batch.path).toBe('/collections/docs/points/batch');
    expect(batch.query.wait).toBe('true');
    expect(at(batch, 'operations', 0, 'upsert', 'points', 0, 'vector')).toEqual({
      dense: [1, 0, 0, 0],
      bm25: { indices: [3, 17], values: [1, 2] },
    });
    expect(at(batch, 'operations', 0, 'upsert', 'points', 1, 'vector')).toEqual({
      dense: [1, 0, 0, 0],
    });
    expect(at(batch, 'operations', 0, 'upsert', 'points', 0, 'payload', 'metadata')).toEqual(
      points[0].metadata,
    );
    expect(at(batch, 'operations', 1, 'delete', 'filter', 'must_not')).toEqual([
      { has_id: points.map((p) => p.id) },
    ]);
  });

  it('replaceDocument: 600 points go as 3 batches, the delete rides on the last', async () => {
    const points = Array.from({ length: 600 }, (_, i) => chunk('big', i));
    await store.replaceDocument('docs', 'big', points);
    const batches = stub.callsOf('batch_update');
    expect(batches.map((b) => at(b, 'operations', 0, 'upsert', 'points', 'length'))).toEqual([
      256, 256, 88,
    ]);
    expect(
      at(batches[2], 'operations', 1, 'delete', 'filter', 'must_not', 0, 'has_id', 'length'),
    ).toBe(600);
  });

  it('replaceDocument with versionGuard sends a conditional upsert (update_filter)', async () => {
    const guarded = new QdrantVectorStore({ url: stub.url, versionGuard: true });
    await guarded.replaceDocument('docs', 'd1', [chunk('d1', 0, { version: 9 })]);
    const [batch] = stub.callsOf('batch_update');
    const versionCap = { key: 'version', range: { lte: 9 } };
    expect(at(batch, 'operations', 0, 'upsert', 'update_filter')).toEqual({ must: [versionCap] });
    expect(at(batch, 'operations', 1, 'delete', 'filter', 'must')).toContainEqual(versionCap);
  });

  it('replaceDocument with no points deletes the whole document; deleteDocument too', async () => {
    await store.replaceDocument('docs', 'd1', []);
    expect(at(stub.callsOf('batch_update')[0], 'operations')).toEqual([
      {
        delete: {
          filter: {
            must: [
              { key: 'tenant', match: { value: 'default' } },
              { key: 'documentId', match: { value: 'd1' } },
            ],
          },
        },
      },
    ]);
    await store.deleteDocument('docs', 'd1');
    const [del] = stub.callsOf('delete_points');
    expect(del.query.wait).toBe('true');
    stub.once('delete_points', () => fail(404, "Collection `gone` doesn't exist!"));
    await expect(store.deleteDocument('gone', 'd1')).resolves.toBeUndefined();
  });

  it('getDocumentVectors scrolls every page with vectors', async () => {
    const id = (n: number): string => `00000000-0000-4000-8000-00000000000${n}`;
    const record = (n: number): object => ({
      id: id(n),
      payload: { contentHash: `h${n}` },
      vector: {
        dense: [0, 1, 0, 0],
        ...(n === 1 ? { bm25: { indices: [1], values: [0.5] } } : {}),
      },
    });
    stub.once('scroll_points', () => ok({ points: [record(1)], next_page_offset: id(2) }));
    stub.once('scroll_points', () => ok({ points: [record(2)], next_page_offset: null }));
    const stored = await store.getDocumentVectors('docs', 'd1');
    expect(stored).toEqual([
      { id: id(1), contentHash: 'h1', vector: [0, 1, 0, 0] },
      { id: id(2), contentHash: 'h2', vector: [0, 1, 0, 0] },
    ]);
    const scrolls = stub.callsOf('scroll_points');
    // Only the dense vector is reused: BM25 vectors are cheap to recompute from the text.
    expect(at(scrolls[0], 'with_vector')).toEqual(['dense']);
    expect(at(scrolls[1], 'offset')).toBe(id(2));
  });

  it('search: dense, sparse and hybrid (prefetch + RRF) with filters, hits mapped back', async () => {
    const hit = {
      id: '00000000-0000-4000-8000-000000000001',
      version: 4,
      score: 0.91,
      payload: chunkPayload('d1', 2, { title: 'Guide' }),
    };
    stub.on('query_points', () => ok({ points: [hit] }));
    const filter = {
      source: 'api',
      metadata: {
        lang: { anyOf: ['en', 'de', 'en'] },
        year: { gte: 2020, lt: 2025 },
        score: 0.5,
        draft: false,
        mixed: { anyOf: [1, 'one', 1.5] },
      },
    };
    const dense = await store.search(
      'docs',
      {
        topK: 3,
        mode: 'dense',
        vector: [1, 0, 0, 0],
        filter,
      },
      READ_ALL,
    );
    expect(dense).toEqual([
      {
        id: hit.id,
        documentId: 'd1',
        chunkIndex: 2,
        text: 'chunk 2 of d1',
        title: 'Guide',
        source: 'api',
        version: 3,
        metadata: { lang: 'en' },
        score: 0.91,
      },
    ]);
    await store.search(
      'docs',
      { topK: 3, mode: 'sparse', sparse: { indices: [5], values: [1] } },
      READ_ALL,
    );
    await store.search(
      'docs',
      {
        topK: 3,
        mode: 'hybrid',
        vector: [1, 0, 0, 0],
        sparse: { indices: [5], values: [1] },
        filter,
      },
      READ_ALL,
    );
    const [d, s, h] = stub.callsOf('query_points');
    expect(at(d, 'using')).toBe('dense');
    expect(at(d, 'with_payload')).toBe(true);
    expect(at(s, 'using')).toBe('bm25');
    expect(at(s, 'query')).toEqual({ indices: [5], values: [1] });
    expect(at(h, 'query')).toEqual({ fusion: 'rrf' });
    expect(at(h, 'prefetch', 0, 'using')).toBe('dense');
    expect(at(h, 'prefetch', 1, 'using')).toBe('bm25');
    expect(at(h, 'prefetch', 1, 'limit')).toBe(12);
    expect(at(h, 'prefetch', 0, 'filter', 'must')).toContainEqual({
      key: 'metadata.lang',
      match: { any: ['en', 'de'] },
    });
    // A reader with principals: the permission condition is a `must` on the indexed `acl`.
    await store.search(
      'docs',
      { topK: 3, mode: 'dense', vector: [1, 0, 0, 0] },
      { principals: ['group:eng', 'user:a@example.com'] },
    );
    const permitted = stub.callsOf('query_points')[3];
    expect(at(permitted, 'filter', 'must')).toContainEqual({
      key: 'acl',
      match: { any: ['*', 'group:eng', 'user:a@example.com'] },
    });
    expect(JSON.stringify(at(d, 'filter'))).not.toContain('"acl"');
    // A sparse query without terms matches nothing and needs no request.
    stub.reset();
    expect(
      await store.search(
        'docs',
        { topK: 3, mode: 'sparse', sparse: { indices: [], values: [] } },
        READ_ALL,
      ),
    ).toEqual([]);
    expect(stub.calls).toEqual([]);
    stub.on('query_points', () => ok({ points: [] }));
  });

  it('count is exact and filtered', async () => {
    stub.once('count_points', () => ok({ count: 42 }));
    expect(await store.count('docs', READ_ALL, { documentId: 'd1' })).toBe(42);
    expect(at(stub.callsOf('count_points')[0], 'exact')).toBe(true);
  });

  it('versions: create, list, switch atomically, read active, refuse and drop', async () => {
    stub.once('get_collection', () => collectionInfo(spec));
    stub.once('create_collection', () => fail(409, 'Collection `docs_v2` already exists!'));
    await store.createLibraryVersion(spec, 2);
    stub.once('get_collections', () =>
      ok({
        collections: [
          { name: 'docs_v2' },
          { name: 'docs_v1' },
          { name: 'docs_vx' },
          { name: 'other_v1' },
        ],
      }),
    );
    expect(await store.listLibraryVersions('docs')).toEqual([1, 2]);

    await store.switchLibraryAlias('docs', 2);
    expect(at(stub.callsOf('update_aliases')[0], 'actions')).toEqual([
      { delete_alias: { alias_name: 'docs' } },
      { create_alias: { alias_name: 'docs', collection_name: 'docs_v2' } },
    ]);
    stub.once('collection_exists', () => ok({ exists: false }));
    await expect(store.switchLibraryAlias('docs', 5)).rejects.toBeInstanceOf(
      StoreRequestRejectedError,
    );

    const active = ok({ aliases: [{ alias_name: 'docs', collection_name: 'docs_v2' }] });
    stub.once('get_collections_aliases', () => active);
    expect(await store.getActiveVersion('docs')).toBe(2);
    stub.once('get_collections_aliases', () => active);
    await expect(store.dropLibraryVersion('docs', 2)).rejects.toMatchObject({
      code: 'STORE_REQUEST_REJECTED',
    });
    stub.once('get_collections_aliases', () => active);
    await store.dropLibraryVersion('docs', 1);
    expect(stub.callsOf('delete_collection').map((c) => c.path)).toEqual(['/collections/docs_v1']);

    stub.reset();
    stub.once('get_collections', () =>
      ok({ collections: [{ name: 'docs_v2' }, { name: 'docs_v3' }, { name: 'other_v1' }] }),
    );
    await store.dropLibrary('docs');
    expect(at(stub.callsOf('update_aliases')[0], 'actions')).toEqual([
      { delete_alias: { alias_name: 'docs' } },
    ]);
    expect(stub.callsOf('delete_collection').map((c) => c.path)).toEqual([
      '/collections/docs_v2',
      '/collections/docs_v3',
    ]);
  });

  it('errors: 5xx retried then success; 4xx rejected with Qdrant message; 404 is STORE_COLLECTION_MISSING', async () => {
    stub.once('count_points', () => fail(503, 'overloaded'));
    stub.once('count_points', () => fail(500, 'oops'));
    stub.once('count_points', () => ok({ count: 1 }));
    expect(await store.count('docs', READ_ALL)).toBe(1);
    expect(stub.callsOf('count_points')).toHaveLength(3);

    stub.once('query_points', () =>
      fail(400, 'Wrong input: Vector dimension error: expected dim: 4, got 3'),
    );
    await expect(
      store.search('docs', { topK: 1, mode: 'dense', vector: [1, 0, 0] }, READ_ALL),
    ).rejects.toMatchObject({
      code: 'STORE_REQUEST_REJECTED',
      retryable: false,
      message: expect.stringContaining('expected dim: 4'),
    });

    stub.once('query_points', () => fail(404, "Not found: Collection `nope` doesn't exist!"));
    await expect(
      store.search('nope', { topK: 1, mode: 'dense', vector: [1, 0, 0, 0] }, READ_ALL),
    ).rejects.toBeInstanceOf(CollectionNotFoundError);

    for (let i = 0; i < 4; i++) stub.once('count_points', () => fail(503, 'still down'));
    await expect(store.count('docs', READ_ALL)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      retryable: true,
    });
  });

  it('ping lists collections; an unreachable server is STORE_UNAVAILABLE', async () => {
    await store.ping();
    expect(stub.callsOf('get_collections')).toHaveLength(1);
    // A port that was just free: nothing listens, the connection is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const down = new QdrantVectorStore({
      url: `http://127.0.0.1:${port}`,
      maxAttempts: 2,
      retryBaseDelayMs: 1,
    });
    await expect(down.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(down.count('docs', READ_ALL)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('writes that the server did not complete within wait are retryable failures', async () => {
    stub.once('delete_points', () => ok({ operation_id: 3, status: 'acknowledged' }));
    await expect(store.deleteDocument('docs', 'd1')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(completed.status).toBe('completed');
  });
});
