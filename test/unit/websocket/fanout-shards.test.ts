import { randomBytes } from 'node:crypto';
import { messageGroupOf, shardOf } from '../../../lambda/websocket/fanout-shards';

/** API Gateway's connection ids: 16 characters of base64 ending in `=`. */
const connectionIds = (count: number): string[] =>
  Array.from({ length: count }, () => randomBytes(11).toString('base64').slice(0, 15) + '=');

describe('shardOf', () => {
  it('puts a connection in the same shard every time, whatever else is asked', () => {
    const ids = connectionIds(200);
    const first = ids.map((id) => shardOf(id, 32));
    shardOf('another', 7);
    expect(ids.map((id) => shardOf(id, 32))).toEqual(first);
    // FNV-1a's published values, pinned: a shard that moved between releases would let a
    // connection's next change overtake one still queued.
    expect([shardOf('', 1000), shardOf('a', 1000), shardOf('foobar', 1000)]).toEqual([
      0x811c9dc5 % 1000,
      0xe40c292c % 1000,
      0xbf9cf968 % 1000,
    ]);
  });

  it('spreads connections evenly over the shards, each within its range', () => {
    const shards = 32;
    const counts = new Array<number>(shards).fill(0);
    for (const id of connectionIds(32_000)) {
      const shard = shardOf(id, shards);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(shards);
      counts[shard] += 1;
    }
    // 1,000 expected per shard; a fair hash stays within a few standard deviations (about 31).
    expect(Math.min(...counts)).toBeGreaterThan(850);
    expect(Math.max(...counts)).toBeLessThan(1150);
  });

  it('names one message group per check and shard', () => {
    expect(messageGroupOf('k1', 3)).toBe('k1#3');
    expect(messageGroupOf('k1', 3)).not.toBe(messageGroupOf('k2', 3));
  });
});
