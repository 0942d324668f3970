import type { SearchHit } from '../../vector-store.port';
import { fuseByReciprocalRank } from './reciprocal-rank-fusion';

const hit = (id: string, score = 0): SearchHit => ({
  id,
  documentId: id,
  chunkIndex: 0,
  text: id,
  source: 's',
  version: 1,
  metadata: {},
  score,
});

describe('fuseByReciprocalRank', () => {
  it('scores the sum of 1/(60 + rank) and ranks hits found by both lists first', () => {
    const fused = fuseByReciprocalRank(
      [
        [hit('a', 0.9), hit('b')],
        [hit('b', 7), hit('c')],
      ],
      3,
    );
    expect(fused.map((h) => h.id)).toEqual(['b', 'a', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 61, 12);
  });

  it('honours topK and is deterministic on ties', () => {
    expect(fuseByReciprocalRank([[hit('y')], [hit('x')]], 1).map((h) => h.id)).toEqual(['x']);
  });
});
