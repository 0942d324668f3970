import { IdlePool } from './idle-pool';

describe('IdlePool', () => {
  it('lends the longest-idle item first', async () => {
    const pool = new IdlePool(['x', 'y', 'z']);
    expect(await pool.take()).toBe('x');
    const y = await pool.take();
    pool.release('x');
    expect(y).toBe('y');
    expect(await pool.take()).toBe('z');
    expect(await pool.take()).toBe('x');
    expect(pool.idleCount).toBe(0);
  });

  it('makes a take wait until an item is released, and serves waiters in order', async () => {
    const pool = new IdlePool([1]);
    expect(await pool.take()).toBe(1);
    const first = pool.take();
    const second = pool.take();
    pool.release(1);
    expect(await first).toBe(1);
    pool.release(1);
    expect(await second).toBe(1);
    expect(pool.idleCount).toBe(0);
  });

  it('returns a released item to the idle line when nobody waits', () => {
    const pool = new IdlePool<number>([]);
    pool.release(7);
    expect(pool.idleCount).toBe(1);
  });
});
