import { metadataTag, sqlString, toLanceWhere } from './lancedb-filter';

describe('toLanceWhere', () => {
  it('is undefined without conditions', () => {
    expect(toLanceWhere(undefined)).toBeUndefined();
    expect(toLanceWhere({ metadata: {} })).toBeUndefined();
  });

  it('ANDs document, source and metadata conditions', () => {
    expect(toLanceWhere({ documentId: 'a/b.md', source: 'api', metadata: { lang: 'en' } })).toBe(
      `(documentId = 'a/b.md') AND (source = 'api') AND (array_has_any(tags, ['lang="en"']))`,
    );
  });

  it('keeps types apart in tags: the string "5" is not the number 5', () => {
    expect(metadataTag('n', '5')).toBe('n="5"');
    expect(metadataTag('n', 5)).toBe('n=5');
    expect(metadataTag('b', true)).toBe('b=true');
  });

  it('escapes quotes in every string it embeds', () => {
    expect(sqlString(`O'Reilly \\ "x"`)).toBe(`'O''Reilly \\ "x"'`);
    expect(toLanceWhere({ metadata: { who: { anyOf: [`it's`, 'b'] } } })).toBe(
      `(array_has_any(tags, ['who="it''s"', 'who="b"']))`,
    );
  });

  it('turns ranges into float comparisons on the value under the key', () => {
    const where = toLanceWhere({ metadata: { year: { gte: 2020, lt: 2024.5 } } });
    expect(where).toContain("array_position(numKeys, 'year')");
    expect(where).toContain('>= 2020.0');
    expect(where).toContain('< 2024.5');
  });

  it('matches nothing for an empty anyOf, and rejects non-finite bounds', () => {
    expect(toLanceWhere({ metadata: { k: { anyOf: [] } } })).toBe('(FALSE)');
    expect(() => toLanceWhere({ metadata: { k: { gt: Number.NaN } } })).toThrow(/finite/);
  });
});
