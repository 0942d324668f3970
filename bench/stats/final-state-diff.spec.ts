import { diffFinalState } from './final-state-diff';

const expected = new Map<string, string[]>([
  ['a.md', ['a1', 'a2']],
  ['b.md', ['b1', 'b1']],
  ['c.md', ['c1']],
  ['empty.md', []],
]);
const exact = [
  { documentId: 'a.md', text: 'a2' },
  { documentId: 'a.md', text: 'a1' },
  { documentId: 'b.md', text: 'b1' },
  { documentId: 'b.md', text: 'b1' },
  { documentId: 'c.md', text: 'c1' },
];

describe('diffFinalState', () => {
  it('finds nothing wrong in a library holding exactly the final tree', () => {
    expect(diffFinalState(expected, exact, new Set(['gone.md']))).toEqual({
      expectedDocuments: 4,
      storedDocuments: 3,
      missing: 0,
      extra: 0,
      different: 0,
      differ: 0,
      deletedPresent: 0,
      staleChunks: 0,
      extraChunks: 0,
      expectedChunks: 5,
      storedChunks: 5,
    });
  });

  it('counts missing files, older versions, deleted files and unknown extras apart', () => {
    const stored = [
      { documentId: 'a.md', text: 'a1' },
      { documentId: 'a.md', text: 'a2-old' },
      { documentId: 'a.md', text: 'a0-old' },
      { documentId: 'b.md', text: 'b1' },
      { documentId: 'gone.md', text: 'g1' },
      { documentId: 'gone.md', text: 'g2' },
      { documentId: 'stray.md', text: 's1' },
    ];
    const diff = diffFinalState(expected, stored, new Set(['gone.md']));
    expect(diff).toMatchObject({
      missing: 1, // c.md
      different: 2, // a.md (two stale, one missing chunk), b.md (a lost repeat)
      extra: 2,
      deletedPresent: 1,
      differ: 5,
      staleChunks: 2,
      extraChunks: 3,
    });
  });

  it('takes a file whose final text has no chunk as right when nothing is stored', () => {
    expect(diffFinalState(new Map([['empty.md', []]]), [], new Set()).differ).toBe(0);
  });
});
