import { EnvironmentPool } from '../../../sandbox/lambda/environment-pool';

function counting(limit: number): { pool: EnvironmentPool<{ id: number }>; created: () => number } {
  let count = 0;
  const pool = new EnvironmentPool(() => ({ id: ++count }), limit);
  return { pool, created: () => count };
}

describe('EnvironmentPool', () => {
  it('creates environments only when none is free, and reuses a released one', async () => {
    const { pool, created } = counting(3);
    const first = await pool.acquire();
    const second = await pool.acquire();
    expect(first).not.toBe(second);
    pool.release(first);
    expect(await pool.acquire()).toBe(first);
    expect(created()).toBe(2);
  });

  it('makes callers beyond the limit wait, in order', async () => {
    const { pool, created } = counting(1);
    const only = await pool.acquire();
    const order: string[] = [];
    const a = pool.acquire().then((environment) => order.push('a') && environment);
    const b = pool.acquire().then((environment) => order.push('b') && environment);
    pool.release(only);
    expect(await a).toBe(only);
    pool.release(only);
    expect(await b).toBe(only);
    expect(order).toEqual(['a', 'b']);
    expect(created()).toBe(1);
  });

  it('replaces a discarded environment for the next waiter, and drops a dead idle one', async () => {
    const { pool } = counting(1);
    const broken = await pool.acquire();
    const waiting = pool.acquire();
    pool.discard(broken);
    const fresh = await waiting;
    expect(fresh).not.toBe(broken);
    pool.release(fresh);
    pool.discard(fresh);
    expect(pool.size).toBe(0);
    expect(await pool.acquire()).not.toBe(fresh);
  });

  it('refuses waiting and new callers once closed, and hands back every environment', async () => {
    const { pool } = counting(1);
    const only = await pool.acquire();
    const waiting = pool.acquire();
    expect(pool.close()).toEqual([only]);
    await expect(waiting).rejects.toThrow('closed');
    await expect(pool.acquire()).rejects.toThrow('closed');
  });
});
