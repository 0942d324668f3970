import { LocalEmbedder } from './local-embedder.adapter';

const dot = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i], 0);

describe('LocalEmbedder (Universal Sentence Encoder Lite, offline)', () => {
  let embedder: LocalEmbedder;

  beforeAll(async () => {
    embedder = await LocalEmbedder.create({ threads: 2, batchSize: 4 });
  });
  afterAll(() => embedder.close());

  it('gives 512-d unit vectors, one per text, in order', async () => {
    const texts = ['first', 'second text', '', 'a fourth one', 'fifth', 'the sixth passage'];
    const vectors = await embedder.embedDocuments(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const vector of vectors) {
      expect(vector).toHaveLength(512);
      expect(dot(vector, vector)).toBeCloseTo(1, 10);
    }
    // Batched across threads, yet each vector is the one its text gets alone.
    expect(vectors[5]).toEqual(await embedder.embedQuery('the sixth passage'));
    expect(embedder.id).toEqual({
      kind: 'local',
      model: 'universal-sentence-encoder-lite',
      dimensions: 512,
    });
  });

  it('scores similar sentences above unrelated ones', async () => {
    const query = await embedder.embedQuery('How do I reset my password?');
    const [related, unrelated] = await embedder.embedDocuments([
      'To change a forgotten password, open the account settings and choose reset.',
      'Tomatoes grow best in warm weather with plenty of sun.',
    ]);
    expect(dot(query, related)).toBeGreaterThan(dot(query, unrelated) + 0.1);
  });

  it('ends its threads on close()', async () => {
    const other = await LocalEmbedder.create({ threads: 1 });
    expect(other.threadCount).toBe(1);
    await other.close();
    expect(other.threadCount).toBe(0);
    await expect(other.embedQuery('after close')).rejects.toThrow('closed');
  });
});
