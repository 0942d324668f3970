import { LanceDbQueryLimiter } from './lancedb-query-limiter';

describe('LanceDbQueryLimiter', () => {
  it('runs at most `limit` reads at once, in arrival order, and passes results and errors through', async () => {
    const limiter = new LanceDbQueryLimiter(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const read = async (i: number): Promise<number> => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      // Yield a few times so others get the chance to (wrongly) start.
      for (let k = 0; k < 5; k++) await Promise.resolve();
      running--;
      if (i === 3) throw new Error('read 3 failed');
      return i * 10;
    };
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => limiter.run(() => read(i))),
    );
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(results[3]).toMatchObject({ status: 'rejected' });
    expect(results[7]).toEqual({ status: 'fulfilled', value: 70 });
  });
});
