import { staleChunksFilter, toQdrantFilter, versionGuardFilter } from './qdrant-filter';

describe('toQdrantFilter', () => {
  const tenant = { key: 'tenant', match: { value: 't1' } };

  it('always scopes to the tenant', () => {
    expect(toQdrantFilter('t1')).toEqual({ must: [tenant] });
  });

  it('ANDs documentId, source and metadata under metadata.<key>', () => {
    expect(
      toQdrantFilter('t1', {
        documentId: 'd1',
        source: 'github',
        metadata: { lang: 'en', year: 2024, draft: false },
      }),
    ).toEqual({
      must: [
        tenant,
        { key: 'documentId', match: { value: 'd1' } },
        { key: 'source', match: { value: 'github' } },
        { key: 'metadata.lang', match: { value: 'en' } },
        { key: 'metadata.year', match: { value: 2024 } },
        { key: 'metadata.draft', match: { value: false } },
      ],
    });
  });

  it('matches a fractional number as a point range (match.value is int64 only)', () => {
    expect(toQdrantFilter('t1', { metadata: { n: 1.5 } }).must).toContainEqual({
      key: 'metadata.n',
      range: { gte: 1.5, lte: 1.5 },
    });
  });

  it('uses match.any for uniform anyOf lists, deduplicated, and should for mixed ones', () => {
    const must = toQdrantFilter('t1', {
      metadata: { a: { anyOf: ['x', 'y', 'x'] }, b: { anyOf: [1, 2] }, c: { anyOf: [1, 'one'] } },
    }).must;
    expect(must).toContainEqual({ key: 'metadata.a', match: { any: ['x', 'y'] } });
    expect(must).toContainEqual({ key: 'metadata.b', match: { any: [1, 2] } });
    expect(must).toContainEqual({
      should: [
        { key: 'metadata.c', match: { value: 1 } },
        { key: 'metadata.c', match: { value: 'one' } },
      ],
    });
  });

  it('passes numeric ranges through', () => {
    expect(toQdrantFilter('t1', { metadata: { y: { gte: 1, lt: 2 } } }).must).toContainEqual({
      key: 'metadata.y',
      range: { gte: 1, lt: 2, gt: undefined, lte: undefined },
    });
  });
});

describe('staleChunksFilter / versionGuardFilter', () => {
  it('keeps the new ids and, guarded, newer versions', () => {
    expect(staleChunksFilter('t', 'd', ['a', 'b', 'a'], 4)).toEqual({
      must: [
        { key: 'tenant', match: { value: 't' } },
        { key: 'documentId', match: { value: 'd' } },
        { key: 'version', range: { lte: 4 } },
      ],
      must_not: [{ has_id: ['a', 'b'] }],
    });
    expect(staleChunksFilter('t', 'd', []).must_not).toBeUndefined();
    expect(versionGuardFilter(4)).toEqual({ must: [{ key: 'version', range: { lte: 4 } }] });
  });
});
