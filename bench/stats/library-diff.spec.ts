import { changedChunks, diffLibrary } from './library-diff';

describe('diffLibrary', () => {
  const expected = new Map<string, string[]>([
    ['a', ['a1', 'a2']],
    ['b', ['b1', 'b1']],
  ]);

  it('finds nothing wrong in an exact library', () => {
    const stored = [
      { documentId: 'a', text: 'a2' },
      { documentId: 'a', text: 'a1' },
      { documentId: 'b', text: 'b1' },
      { documentId: 'b', text: 'b1' },
    ];
    expect(diffLibrary(expected, stored)).toEqual({
      expectedChunks: 4,
      storedChunks: 4,
      stale: 0,
      missing: 0,
      documentsWrong: 0,
    });
  });

  it('counts old versions and deleted documents as stale, gaps and lost repeats as missing', () => {
    const stored = [
      { documentId: 'a', text: 'a1' },
      { documentId: 'a', text: 'a2-old' },
      { documentId: 'b', text: 'b1' },
      { documentId: 'gone', text: 'g1' },
    ];
    expect(diffLibrary(expected, stored)).toEqual({
      expectedChunks: 4,
      storedChunks: 4,
      stale: 2,
      missing: 2,
      documentsWrong: 3,
    });
  });

  it('does not accept a chunk stored under another document', () => {
    const diff = diffLibrary(new Map([['a', ['x']]]), [{ documentId: 'b', text: 'x' }]);
    expect(diff.stale).toBe(1);
    expect(diff.missing).toBe(1);
  });
});

describe('changedChunks', () => {
  it('counts new chunks absent from the old version', () => {
    expect(changedChunks(['p', 'q', 'r'], ['p', 'q2', 'r'])).toBe(1);
    expect(changedChunks(['p', 'q'], ['p', 'q'])).toBe(0);
    expect(changedChunks(['p'], ['p', 'p'])).toBe(1);
    expect(changedChunks([], ['x', 'y'])).toBe(2);
  });
});
