import { editDocuments, generateCorpus, pickDistinct, renderDocument } from './corpus-generator';
import { seededRandom } from './prng';
import { splitParagraphs } from './paragraph-source';

const pool = Array.from({ length: 40 }, (_, i) =>
  `Paragraph ${i} talks about the compiler and its queries in some detail.`.repeat(3),
);

describe('generateCorpus', () => {
  it('gives the same documents for the same seed', () => {
    const a = generateCorpus(pool, { count: 20, seed: 7 });
    const b = generateCorpus(pool, { count: 20, seed: 7 });
    expect(a).toEqual(b);
    expect(a.map(renderDocument)).toEqual(b.map(renderDocument));
  });

  it('gives different documents for another seed', () => {
    const a = generateCorpus(pool, { count: 5, seed: 7 });
    const b = generateCorpus(pool, { count: 5, seed: 8 });
    expect(a.map(renderDocument)).not.toEqual(b.map(renderDocument));
  });

  it('reaches the target size', () => {
    for (const document of generateCorpus(pool, { count: 10, targetChars: 2000 })) {
      expect(renderDocument(document).length).toBeGreaterThanOrEqual(2000);
    }
  });
});

describe('editDocuments', () => {
  it('changes exactly one paragraph of distinct documents, deterministically', () => {
    const corpus = generateCorpus(pool, { count: 30, seed: 1 });
    const edits = editDocuments(corpus, pool, 10, 99);
    expect(edits).toEqual(editDocuments(corpus, pool, 10, 99));
    expect(new Set(edits.map((d) => d.id)).size).toBe(10);
    for (const edited of edits) {
      const original = corpus.find((d) => d.id === edited.id);
      const changed = edited.paragraphs.filter((p, i) => p !== original?.paragraphs[i]);
      expect(changed).toHaveLength(1);
    }
  });
});

describe('pickDistinct', () => {
  it('returns distinct in-range indices', () => {
    const picked = pickDistinct(seededRandom(3), 50, 20);
    expect(new Set(picked).size).toBe(20);
    expect(picked.every((i) => i >= 0 && i < 50)).toBe(true);
  });
});

describe('splitParagraphs', () => {
  it('keeps prose blocks and drops headings and short lines', () => {
    const prose =
      'This paragraph is long enough to be kept because it has more than eighty characters in all.';
    expect(splitParagraphs(`# Title\n\nshort\n\n${prose}\n\n[link]: http://x`)).toEqual([prose]);
  });
});
