import { joinWithoutOverlap, mergeAdjacentChunks } from './merge-adjacent-chunks';
import type { RetrievedChunk } from './retrieval.types';

const chunk = (
  documentId: string,
  chunkIndex: number,
  text: string,
  score: number,
): RetrievedChunk => ({
  documentId,
  chunkId: `${documentId}#${chunkIndex}`,
  chunkIndex,
  text,
  score,
  source: 'api',
  version: 1,
  metadata: {},
});

describe('mergeAdjacentChunks', () => {
  it('joins n and n+1 of one document, keeps the best score and rank, lists chunk ids', () => {
    const merged = mergeAdjacentChunks([
      chunk('a', 1, 'The ferry leaves at nine. It returns at noon.', 0.9),
      chunk('b', 0, 'Unrelated text.', 0.8),
      chunk('a', 0, 'Tickets are sold on board. The ferry leaves at nine.', 0.5),
      chunk('a', 3, 'Far away chunk.', 0.4),
    ]);
    expect(merged.map((p) => [p.documentId, p.chunkIds, p.score])).toEqual([
      ['a', ['a#0', 'a#1'], 0.9],
      ['b', ['b#0'], 0.8],
      ['a', ['a#3'], 0.4],
    ]);
    expect(merged[0].text).toBe(
      'Tickets are sold on board. The ferry leaves at nine. It returns at noon.',
    );
    expect(merged[0]).toMatchObject({ chunkId: 'a#0', chunkIndex: 0, chunkIndexes: [0, 1] });
  });

  it('joins runs of three and more', () => {
    const merged = mergeAdjacentChunks([
      chunk('a', 2, 'gamma delta epsilon', 0.3),
      chunk('a', 0, 'alpha beta', 0.2),
      chunk('a', 1, 'charlie gamma', 0.1),
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0].chunkIds).toEqual(['a#0', 'a#1', 'a#2']);
  });
});

describe('joinWithoutOverlap', () => {
  it('strips the longest shared border', () => {
    expect(joinWithoutOverlap('one two three four', 'three four five')).toBe(
      'one two three four five',
    );
  });
  it('does not treat a short coincidence as overlap', () => {
    expect(joinWithoutOverlap('ends with a', 'a start')).toBe('ends with a\na start');
  });
  it('joins a kept sentence separator directly', () => {
    expect(joinWithoutOverlap('first sentence', '. Second one')).toBe('first sentence. Second one');
  });
});
