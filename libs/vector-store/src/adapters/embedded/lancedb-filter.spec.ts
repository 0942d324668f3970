import { metadataTag, sqlString, toLanceWhere } from './lancedb-filter';
import { READ_ALL } from '../../vector-store.port';

describe('toLanceWhere', () => {
  it('is undefined without conditions', () => {
    expect(toLanceWhere(undefined, READ_ALL)).toBeUndefined();
    expect(toLanceWhere({ metadata: {} }, READ_ALL)).toBeUndefined();
  });

  it('ANDs document, source and metadata conditions', () => {
    expect(
      toLanceWhere({ documentId: 'a/b.md', source: 'api', metadata: { lang: 'en' } }, READ_ALL),
    ).toBe(`(documentId = 'a/b.md') AND (source = 'api') AND (array_has_any(tags, ['lang="en"']))`);
  });

  it('keeps types apart in tags: the string "5" is not the number 5', () => {
    expect(metadataTag('n', '5')).toBe('n="5"');
    expect(metadataTag('n', 5)).toBe('n=5');
    expect(metadataTag('b', true)).toBe('b=true');
  });

  it('escapes quotes in every string it embeds', () => {
    expect(sqlString(`O'Reilly \\ "x"`)).toBe(`'O''Reilly \\ "x"'`);
    expect(toLanceWhere({ metadata: { who: { anyOf: [`it's`, 'b'] } } }, READ_ALL)).toBe(
      `(array_has_any(tags, ['who="it''s"', 'who="b"']))`,
    );
  });

  it('turns ranges into float comparisons on the value under the key', () => {
    const where = toLanceWhere({ metadata: { year: { gte: 2020, lt: 2024.5 } } }, READ_ALL);
    expect(where).toContain("array_position(numKeys, 'year')");
    expect(where).toContain('>= 2020.0');
    expect(where).toContain('< 2024.5');
  });

  it('matches nothing for an empty anyOf, and rejects non-finite bounds', () => {
    expect(toLanceWhere({ metadata: { k: { anyOf: [] } } }, READ_ALL)).toBe('(FALSE)');
    expect(() => toLanceWhere({ metadata: { k: { gt: Number.NaN } } }, READ_ALL)).toThrow(/finite/);
  });
});
