import { StoreRequestRejectedError } from '../../vector-store.errors';
import { toQueryRequest } from './qdrant-query';
import { READ_ALL } from '../../vector-store.port';

describe('toQueryRequest', () => {
  const vector = [1, 0];
  const sparse = { indices: [2], values: [1] };

  it('dense and sparse query their named vector', () => {
    expect(toQueryRequest({ topK: 2, mode: 'dense', vector }, READ_ALL, 't', 4)).toMatchObject({
      query: vector,
      using: 'dense',
      limit: 2,
      with_payload: true,
    });
    expect(toQueryRequest({ topK: 2, mode: 'sparse', sparse }, READ_ALL, 't', 4)).toMatchObject({
      query: sparse,
      using: 'bm25',
    });
  });

  it('hybrid prefetches both sides (topK * factor) and fuses with RRF', () => {
    const request = toQueryRequest({ topK: 3, mode: 'hybrid', vector, sparse }, READ_ALL, 't', 4);
    expect(request?.query).toEqual({ fusion: 'rrf' });
    expect(request?.prefetch).toEqual([
      expect.objectContaining({ using: 'dense', limit: 12 }),
      expect.objectContaining({ using: 'bm25', limit: 12 }),
    ]);
  });

  it('degrades hybrid to the side present, and a termless sparse query to no request', () => {
    expect(toQueryRequest({ topK: 1, mode: 'hybrid', vector }, READ_ALL, 't', 4)?.using).toBe(
      'dense',
    );
    const empty = { indices: [], values: [] };
    expect(
      toQueryRequest({ topK: 1, mode: 'sparse', sparse: empty }, READ_ALL, 't', 4),
    ).toBeUndefined();
  });

  it('rejects a missing vector and a non-positive topK', () => {
    expect(() => toQueryRequest({ topK: 1, mode: 'dense' }, READ_ALL, 't', 4)).toThrow(
      StoreRequestRejectedError,
    );
    expect(() => toQueryRequest({ topK: 0, mode: 'dense', vector }, READ_ALL, 't', 4)).toThrow(
      StoreRequestRejectedError,
    );
  });
});
