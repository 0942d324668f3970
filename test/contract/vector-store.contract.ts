import { createHash, randomBytes } from 'node:crypto';
import type { Metadata } from '@ragline/events';
import { READ_ALL, type SparseVector } from '../../libs/vector-store/src/vector-store.port';
import { pointId } from '../../libs/vector-store/src/point-id';
import type {
  ChunkPoint,
  LibrarySpec,
  SearchRequest,
  VectorStore,
} from '../../libs/vector-store/src/vector-store.port';

/**
 * The one suite every VectorStore adapter passes. It asserts what the port guarantees: membership,
 * order, counts, round-trips. Absolute scores and the order of exact ties differ between stores
 * (cosine vs 1 - distance, BM25 flavours, RRF depth), so they are never compared across stores.
 */
export function describeVectorStoreContract(
  adapterName: string,
  factory: () => Promise<{ store: VectorStore; cleanup: () => Promise<void> }>,
): void {
  describe(`VectorStore contract: ${adapterName}`, () => {
    const DIM = 8;
    let store: VectorStore;
    let cleanup: () => Promise<void>;
    let lib: string;

    const specOf = (name: string, overrides: Partial<LibrarySpec> = {}): LibrarySpec => ({
      name,
      dense: { size: DIM, distance: 'cosine' },
      sparse: true,
      embedder: 'contract:hand-made:8',
      ...overrides,
    });

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
      lib = `c_${randomBytes(6).toString('hex')}`;
      await store.ensureLibrary(specOf(lib));
    });

    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    const ids = (hits: readonly { id: string }[]): string[] => hits.map((h) => h.id);
    const docIds = (hits: readonly { documentId: string }[]): string[] =>
      [...new Set(hits.map((h) => h.documentId))].sort();

    describe('libraries', () => {
      it('creates version 1 behind the alias, and ensureLibrary again is a no-op', async () => {
        expect(await store.getActiveVersion(lib)).toBe(1);
        await store.replaceDocument(lib, 'd1', [chunk(lib, 'd1', 0, 'kept', unit(0))]);
        await store.ensureLibrary(specOf(lib));
        expect(await store.getActiveVersion(lib)).toBe(1);
        expect(await store.listLibraryVersions(lib)).toEqual([1]);
        expect(await store.count(lib, READ_ALL)).toBe(1);
      });

      it('refuses an existing library built with another embedder or vector size', async () => {
        await expect(
          store.ensureLibrary(specOf(lib, { embedder: 'contract:other:8' })),
        ).rejects.toMatchObject({
          code: 'EMBEDDER_MISMATCH',
          message: expect.stringMatching(/reindex/i),
        });
        await expect(
          store.ensureLibrary(specOf(lib, { dense: { size: 16, distance: 'cosine' } })),
        ).rejects.toMatchObject({ code: 'EMBEDDER_MISMATCH' });
      });

      it('searches an empty library to nothing', async () => {
        expect(
          await store.search(lib, { topK: 5, mode: 'dense', vector: unit(0) }, READ_ALL),
        ).toEqual([]);
        expect(await store.count(lib, READ_ALL)).toBe(0);
      });

      it('throws STORE_COLLECTION_MISSING for a library that does not exist', async () => {
        const missing = `c_missing_${randomBytes(4).toString('hex')}`;
        await expect(
          store.search(missing, { topK: 5, mode: 'dense', vector: unit(0) }, READ_ALL),
        ).rejects.toMatchObject({ code: 'STORE_COLLECTION_MISSING' });
        await expect(store.count(missing, READ_ALL)).rejects.toMatchObject({
          code: 'STORE_COLLECTION_MISSING',
        });
        expect(await store.getActiveVersion(missing)).toBeUndefined();
      });

      it('builds a new version beside the active one, switches, and refuses to drop the active', async () => {
        await store.replaceDocument(lib, 'd1', [chunk(lib, 'd1', 0, 'in v1', unit(0))]);
        await store.createLibraryVersion(specOf(lib), 2);
        expect(await store.listLibraryVersions(lib)).toEqual([1, 2]);
        expect(await store.getActiveVersion(lib)).toBe(1);

        await store.switchLibraryAlias(lib, 2);
        expect(await store.getActiveVersion(lib)).toBe(2);
        expect(await store.count(lib, READ_ALL)).toBe(0);
        await store.replaceDocument(lib, 'd2', [chunk(lib, 'd2', 0, 'in v2', unit(1))]);
        expect(
          ids(await store.search(lib, { topK: 5, mode: 'dense', vector: unit(0) }, READ_ALL)),
        ).toEqual([pointId(lib, 'd2', hash('in v2'), 0)]);

        await expect(store.dropLibraryVersion(lib, 2)).rejects.toMatchObject({
          code: 'STORE_REQUEST_REJECTED',
        });
        await store.dropLibraryVersion(lib, 1);
        expect(await store.listLibraryVersions(lib)).toEqual([2]);
      });
    });

    describe('writes', () => {
      it('upserts a document, and rewriting the same ids creates no duplicates', async () => {
        const points = [0, 1, 2].map((i) => chunk(lib, 'd1', i, `part ${i}`, unit(i)));
        await store.replaceDocument(lib, 'd1', points);
        await store.replaceDocument(lib, 'd1', points);
        expect(await store.count(lib, READ_ALL)).toBe(3);
        expect(await store.count(lib, READ_ALL, { documentId: 'd1' })).toBe(3);
      });

      it('removes the chunks a document no longer has, leaving other documents alone', async () => {
        await store.replaceDocument(
          lib,
          'd1',
          [0, 1, 2].map((i) => chunk(lib, 'd1', i, `old ${i}`, unit(i))),
        );
        await store.replaceDocument(lib, 'd2', [chunk(lib, 'd2', 0, 'other', unit(3))]);
        const next = [chunk(lib, 'd1', 0, 'old 0', unit(0)), chunk(lib, 'd1', 1, 'new 1', unit(4))];
        await store.replaceDocument(lib, 'd1', next);

        const stored = await store.getDocumentVectors(lib, 'd1');
        expect(stored.map((s) => s.id).sort()).toEqual(ids(next).sort());
        expect(await store.count(lib, READ_ALL, { documentId: 'd2' })).toBe(1);
        const hits = await store.search(
          lib,
          { topK: 10, mode: 'dense', vector: unit(1) },
          READ_ALL,
        );
        expect(hits.map((h) => h.text)).not.toContain('old 1');
      });

      it('deletes by document, idempotently; an empty replace deletes too', async () => {
        await store.replaceDocument(lib, 'd1', [
          chunk(lib, 'd1', 0, 'a', unit(0)),
          chunk(lib, 'd1', 1, 'b', unit(1)),
        ]);
        await store.replaceDocument(lib, 'd2', [chunk(lib, 'd2', 0, 'c', unit(2))]);
        await store.deleteDocument(lib, 'd1');
        await store.deleteDocument(lib, 'd1');
        await store.deleteDocument(lib, 'never-indexed');
        expect(await store.count(lib, READ_ALL)).toBe(1);
        await store.replaceDocument(lib, 'd2', []);
        expect(await store.count(lib, READ_ALL)).toBe(0);
      });

      it('returns a document’s stored vectors and hashes for reuse', async () => {
        const points = [chunk(lib, 'd1', 0, 'x', unit(0, 0.3)), chunk(lib, 'd1', 1, 'y', unit(5))];
        await store.replaceDocument(lib, 'd1', points);
        const stored = (await store.getDocumentVectors(lib, 'd1')).sort((a, b) =>
          a.id.localeCompare(b.id),
        );
        const expected = [...points].sort((a, b) => a.id.localeCompare(b.id));
        expect(stored.map((s) => [s.id, s.contentHash])).toEqual(
          expected.map((p) => [p.id, p.contentHash]),
        );
        stored.forEach((s, i) => {
          expect(s.vector).toHaveLength(DIM);
          // Stores keep float32: compare to 6 decimals.
          s.vector.forEach((x, j) => expect(x).toBeCloseTo(expected[i]!.vector[j]!, 6));
        });
        expect(await store.getDocumentVectors(lib, 'unknown')).toEqual([]);
      });

      it('writes 2,000 points in one replace', async () => {
        const points = Array.from({ length: 2000 }, (_, i) =>
          chunk(lib, 'big', i, `chunk number ${i}`, unit(i % DIM, (i % 97) / 100)),
        );
        await store.replaceDocument(lib, 'big', points);
        expect(await store.count(lib, READ_ALL)).toBe(2000);
        await store.replaceDocument(lib, 'big', points.slice(0, 500));
        expect(await store.count(lib, READ_ALL, { documentId: 'big' })).toBe(500);
      });

      it('round-trips unicode text, titles, metadata and large versions exactly', async () => {
        const text = 'Emoji 👩🏽‍💻🚀, CJK 漢字かなカナ한국어, RTL שלום عليكم, combining é (e\u0301)';
        const metadata: Metadata = {
          lang: 'עברית 日本語 🎌',
          quote: `O'Reilly "q" \\ back`,
          n: 1.5,
        };
        const point = {
          ...chunk(lib, 'u:ñ/ü~1', 0, text, unit(0), metadata),
          title: '标题 — τίτλος 📘',
          version: Number.MAX_SAFE_INTEGER,
        };
        await store.replaceDocument(lib, point.documentId, [point]);
        const [hit] = await store.search(
          lib,
          {
            topK: 1,
            mode: 'dense',
            vector: unit(0),
            filter: { metadata: { lang: metadata.lang!, quote: metadata.quote! } },
          },
          READ_ALL,
        );
        expect(hit).toMatchObject({
          text,
          title: point.title,
          metadata,
          version: point.version,
          documentId: point.documentId,
        });
      });
    });

    describe('search', () => {
      it('orders dense hits by cosine similarity and honours topK', async () => {
        // Angles 0°, 20°, 40°, 60°, 80° from the query: similarity strictly decreasing.
        const points = [0, 1, 2, 3, 4].map((i) => chunk(lib, `d${i}`, 0, `p${i}`, rotated(i * 20)));
        for (const p of [...points].reverse()) await store.replaceDocument(lib, p.documentId, [p]);
        const hits = await store.search(
          lib,
          { topK: 3, mode: 'dense', vector: rotated(0) },
          READ_ALL,
        );
        expect(ids(hits)).toEqual(ids(points.slice(0, 3)));
        expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
        expect(hits[1]!.score).toBeGreaterThan(hits[2]!.score);
        expect(hits[0]).toMatchObject({
          documentId: 'd0',
          chunkIndex: 0,
          text: 'p0',
          source: 'contract',
          version: 1,
        });
      });

      it('applies filters before topK (a pre-filter, not a post-filter)', async () => {
        const near = [0, 1, 2, 3].map((i) =>
          chunk(lib, `near${i}`, 0, 'n', rotated(i), { team: 'a' }),
        );
        const far = [0, 1, 2].map((i) =>
          chunk(lib, `far${i}`, 0, 'f', rotated(60 + i * 5), { team: 'b' }),
        );
        for (const p of [...near, ...far]) await store.replaceDocument(lib, p.documentId, [p]);
        const hits = await store.search(
          lib,
          {
            topK: 3,
            mode: 'dense',
            vector: rotated(0),
            filter: { metadata: { team: 'b' } },
          },
          READ_ALL,
        );
        expect(ids(hits)).toEqual(ids(far));
      });

      describe('filters', () => {
        beforeEach(async () => {
          const rows: [string, string, Metadata][] = [
            ['d1', 'github', { lang: 'en', year: 2020, draft: false, kind: 'guide' }],
            ['d2', 'github', { lang: 'en', year: 2023, draft: true, kind: 'api' }],
            ['d3', 'gitlab', { lang: 'de', year: 2024, draft: false, kind: 'guide' }],
            ['d4', 'api', { lang: 'fr', year: 2019.5, kind: '2020' }],
          ];
          for (const [doc, source, metadata] of rows) {
            await store.replaceDocument(lib, doc, [
              { ...chunk(lib, doc, 0, doc, unit(0), metadata), source },
            ]);
          }
        });
        const find = async (filter: SearchRequest['filter']): Promise<string[]> =>
          docIds(
            await store.search(lib, { topK: 10, mode: 'dense', vector: unit(0), filter }, READ_ALL),
          );

        it('matches exact values of each type, several keys ANDed', async () => {
          expect(await find({ metadata: { lang: 'en' } })).toEqual(['d1', 'd2']);
          expect(await find({ metadata: { year: 2024 } })).toEqual(['d3']);
          expect(await find({ metadata: { draft: false } })).toEqual(['d1', 'd3']);
          expect(await find({ metadata: { lang: 'en', draft: false } })).toEqual(['d1']);
          // A string never equals a number: kind '2020' is not year 2020, nor year '2020'.
          expect(await find({ metadata: { year: '2020' } })).toEqual([]);
        });

        it('matches anyOf, numeric ranges, and nothing', async () => {
          expect(await find({ metadata: { lang: { anyOf: ['de', 'fr'] } } })).toEqual(['d3', 'd4']);
          expect(await find({ metadata: { year: { gte: 2020, lt: 2024 } } })).toEqual(['d1', 'd2']);
          expect(await find({ metadata: { year: { gt: 2019, lte: 2020 } } })).toEqual(['d1', 'd4']);
          expect(await find({ metadata: { kind: { gte: 0 } } })).toEqual([]); // no number under kind
          expect(await find({ metadata: { lang: 'es' } })).toEqual([]);
          expect(await find({ metadata: { missing: 'x' } })).toEqual([]);
        });

        it('filters by documentId and source, combined with metadata; count takes the same filter', async () => {
          expect(await find({ documentId: 'd2' })).toEqual(['d2']);
          expect(await find({ source: 'github' })).toEqual(['d1', 'd2']);
          expect(await find({ source: 'github', metadata: { draft: true } })).toEqual(['d2']);
          expect(await store.count(lib, READ_ALL, { source: 'github' })).toBe(2);
          expect(await store.count(lib, READ_ALL, { metadata: { year: { lt: 2021 } } })).toBe(2);
        });
      });

      it('ranks lexical (sparse) and hybrid hits', async () => {
        const docs: [string, string, number][] = [
          ['zebra', 'zebras graze on the savanna grass', 3],
          ['pasta', 'cooking fresh pasta with tomato sauce', 0],
          ['stars', 'telescopes observe distant stars and galaxies', 1],
        ];
        for (const [doc, text, axis] of docs) {
          await store.replaceDocument(lib, doc, [
            { ...chunk(lib, doc, 0, text, unit(axis)), sparse: sparseOf(text) },
          ]);
        }
        // Both the text (stores with their own full-text index) and a sparse vector (stores that
        // apply IDF to client vectors) describe the query; each store uses the one it needs.
        const lexical = { topK: 3, text: 'zebra savanna', sparse: sparseOf('zebra savanna') };
        const sparse = await store.search(lib, { ...lexical, mode: 'sparse' }, READ_ALL);
        expect(sparse[0]?.documentId).toBe('zebra');
        expect(docIds(sparse)).not.toContain('pasta');

        const hybrid = await store.search(
          lib,
          {
            ...lexical,
            mode: 'hybrid',
            vector: unit(3, 0.1),
          },
          READ_ALL,
        );
        expect(hybrid[0]?.documentId).toBe('zebra');
        expect(hybrid.length).toBeLessThanOrEqual(3);
        for (let i = 1; i < hybrid.length; i++)
          expect(hybrid[i - 1]!.score).toBeGreaterThanOrEqual(hybrid[i]!.score);

        // A replaced text stops matching at once: no stale index entries.
        const text = 'striped horses of africa';
        await store.replaceDocument(lib, 'zebra', [
          { ...chunk(lib, 'zebra', 0, text, unit(3)), sparse: sparseOf(text) },
        ]);
        const after = await store.search(lib, { ...lexical, mode: 'sparse' }, READ_ALL);
        expect(docIds(after)).not.toContain('zebra');
      });

      it('returns only chunks the reader may read, in every mode and in count', async () => {
        const docs: Array<[string, string[]]> = [
          ['public', ['*']],
          ['eng', ['group:eng']],
          ['alice', ['user:alice@example.com']],
          ['both', ['group:eng', 'group:sales']],
          ['nobody', ['group:none']],
        ];
        for (const [doc, acl] of docs) {
          const text = `quarterly roadmap notes for ${doc}`;
          await store.replaceDocument(lib, doc, [
            { ...chunk(lib, doc, 0, text, unit(0)), acl, sparse: sparseOf(text) },
          ]);
        }
        const readable = async (principals: string[] | 'all') => {
          const access = principals === 'all' ? READ_ALL : { principals };
          const seen = new Map<string, string[]>();
          for (const mode of ['dense', 'sparse', 'hybrid'] as const) {
            const hits = await store.search(
              lib,
              {
                topK: 10,
                mode,
                vector: unit(0),
                text: 'quarterly roadmap',
                sparse: sparseOf('quarterly roadmap'),
              },
              access,
            );
            seen.set(mode, docIds(hits));
          }
          const counted = await store.count(lib, access);
          const modes = [...new Set([...seen.values()].map((ids) => ids.join(',')))];
          expect(modes).toHaveLength(1); // every mode agrees
          expect(counted).toBe(seen.get('dense')?.length);
          return seen.get('dense');
        };
        expect(await readable('all')).toEqual(['alice', 'both', 'eng', 'nobody', 'public']);
        expect(await readable([])).toEqual(['public']);
        expect(await readable(['group:eng'])).toEqual(['both', 'eng', 'public']);
        expect(await readable(['user:alice@example.com', 'group:sales'])).toEqual([
          'alice',
          'both',
          'public',
        ]);
        // A principal is matched exactly: no prefixes, no case folding, no wildcards from readers.
        expect(await readable(['group:en', 'GROUP:ENG', 'user:alice'])).toEqual(['public']);

        // An ACL change is a rewrite of the document's chunks: the old readers lose it at once.
        const text = 'quarterly roadmap notes for eng';
        await store.replaceDocument(lib, 'eng', [
          { ...chunk(lib, 'eng', 0, text, unit(0)), acl: ['group:sales'], sparse: sparseOf(text) },
        ]);
        expect(await readable(['group:eng'])).toEqual(['both', 'public']);
      });

      it('drops a library whole: alias and every version', async () => {
        await store.replaceDocument(lib, 'd1', [chunk(lib, 'd1', 0, 'kept', unit(0))]);
        await store.createLibraryVersion(specOf(lib), 2);
        await store.dropLibrary(lib);
        expect(await store.getActiveVersion(lib)).toBeUndefined();
        expect(await store.listLibraryVersions(lib)).toEqual([]);
        await store.dropLibrary(lib); // idempotent
        await store.ensureLibrary(specOf(lib));
        expect(await store.count(lib, READ_ALL)).toBe(0);
      });

      it('searches a user’s text as terms, never as query syntax', async () => {
        const text = 'the on-call rotation starts after three months';
        await store.replaceDocument(lib, 'oncall', [
          { ...chunk(lib, 'oncall', 0, text, unit(0)), sparse: sparseOf(text) },
        ]);
        const syntax = [
          '"on-call"',
          '""',
          '" OR ""="',
          '"rotation',
          'title:rotation AND NOT months',
          'rotation~2 months^3',
          '*',
          '(',
          '\\',
          "' OR 1=1 --",
          '+on-call -months',
        ];
        for (const query of syntax) {
          for (const mode of ['sparse', 'hybrid'] as const) {
            const hits = await store.search(
              lib,
              {
                topK: 3,
                mode,
                text: query,
                sparse: sparseOf(query),
                vector: unit(0),
              },
              READ_ALL,
            );
            // Terms that are in the text find it; terms that are not find nothing lexically.
            if (/rotation|on-call|months/.test(query) && mode === 'sparse')
              expect(docIds(hits)).toEqual(['oncall']);
            expect(hits.length).toBeLessThanOrEqual(3);
          }
        }
      });
    });
  });
}

/** A unit vector along `axis`, tilted towards the next axis by `tilt` (0..1). */
function unit(axis: number, tilt = 0): number[] {
  const v = new Array<number>(8).fill(0);
  v[axis % 8] = 1;
  v[(axis + 1) % 8] += tilt;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** A unit vector at `degrees` from axis 0 in the plane of axes 0 and 1. */
function rotated(degrees: number): number[] {
  const r = (degrees * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r), 0, 0, 0, 0, 0, 0];
}

/** Content hash as the pipeline makes it: sha256 hex, 32 chars. */
function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function chunk(
  library: string,
  documentId: string,
  chunkIndex: number,
  text: string,
  vector: number[],
  metadata: Metadata = {},
): ChunkPoint {
  const contentHash = hash(text);
  return {
    // The chunk index stands in for the occurrence: unique within a document, stable across writes.
    id: pointId(library, documentId, contentHash, chunkIndex),
    documentId,
    chunkIndex,
    text,
    contentHash,
    version: 1,
    source: 'contract',
    metadata,
    acl: ['*'],
    vector,
  };
}

/** Term-frequency sparse vector over a term hash: enough for stores that weight terms with IDF. */
function sparseOf(text: string): SparseVector {
  const counts = new Map<number, number>();
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    const stem = word.replace(/s$/, '');
    let h = 0;
    for (const c of stem) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    counts.set(h % 100_000, (counts.get(h % 100_000) ?? 0) + 1);
  }
  const indices = [...counts.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => counts.get(i) ?? 0) };
}
