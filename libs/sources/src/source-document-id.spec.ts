import { sourceDocumentId } from './source-document-id';

describe('sourceDocumentId', () => {
  it('keeps safe paths as they are and encodes the rest, % included', () => {
    expect(sourceDocumentId('s1', 'src/borrow-check/intro.md')).toBe(
      's1:src/borrow-check/intro.md',
    );
    expect(sourceDocumentId('s1', 'docs/My File (v2).md')).toBe('s1:docs/My%20File%20%28v2%29.md');
    expect(sourceDocumentId('s1', 'über/100%.md')).toBe('s1:%C3%BCber/100%25.md');
  });

  it('maps two different paths to two different ids', () => {
    expect(sourceDocumentId('s', 'a b.md')).not.toBe(sourceDocumentId('s', 'a%20b.md'));
    expect(decodeURIComponent(sourceDocumentId('s', 'a%20b.md')!.slice(2))).toBe('a%20b.md');
  });

  it('refuses a path too long for an id', () => {
    expect(sourceDocumentId('s', `${'a/'.repeat(300)}x.md`)).toBeUndefined();
  });
});
