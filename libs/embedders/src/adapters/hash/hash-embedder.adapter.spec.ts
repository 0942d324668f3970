import { HashEmbedder } from './hash-embedder.adapter';

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i], 0);

describe('HashEmbedder', () => {
  const embedder = new HashEmbedder(256);

  it('returns deterministic unit vectors of the configured size', async () => {
    const [first] = await embedder.embedDocuments(['The quick brown fox']);
    const [again] = await new HashEmbedder(256).embedDocuments(['The quick brown fox']);
    expect(first).toHaveLength(256);
    expect(first).toEqual(again);
    expect(cosine(first, first)).toBeCloseTo(1, 10);
  });

  it('ranks texts sharing words above unrelated ones', async () => {
    const query = await embedder.embedQuery('redis queue durability');
    const [related, unrelated] = await embedder.embedDocuments([
      'Every event is durable on the Redis queue before we answer.',
      'Tomatoes grow best in warm weather with plenty of sun.',
    ]);
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated));
  });

  it('gives a valid vector for text without words', async () => {
    const vector = await embedder.embedQuery('!!! ---');
    expect(cosine(vector, vector)).toBeCloseTo(1, 10);
  });
});
