import {
  planShards,
  type ShardDescription,
  type ShardProgress,
} from '../../../sandbox/event-source-mappings/shard-lineage';

const shard = (shardId: string, parentShardId?: string, closed = false): ShardDescription => ({
  shardId,
  parentShardId,
  closed,
});
const progress = (entries: Array<[string, ShardProgress]> = []): Map<string, ShardProgress> =>
  new Map(entries);

describe('planShards', () => {
  const lineage = [
    shard('root', undefined, true),
    shard('child', 'root', true),
    shard('grandchild', 'child'),
  ];

  it('starts a LATEST mapping on the open shards at their tip and skips the closed ones', () => {
    expect(planShards(lineage, progress(), 'LATEST', true)).toEqual({
      start: [{ shardId: 'grandchild', iteratorType: 'LATEST' }],
      skip: ['root', 'child'],
    });
  });

  it('starts a TRIM_HORIZON mapping on the roots only', () => {
    expect(planShards(lineage, progress(), 'TRIM_HORIZON', true)).toEqual({
      start: [{ shardId: 'root', iteratorType: 'TRIM_HORIZON' }],
      skip: [],
    });
  });

  it('starts a child from its start once its parent is finished, never while it is read', () => {
    expect(planShards(lineage, progress([['root', 'reading']]), 'TRIM_HORIZON', false).start).toEqual([]);
    expect(planShards(lineage, progress([['root', 'finished']]), 'TRIM_HORIZON', false).start).toEqual([
      { shardId: 'child', iteratorType: 'TRIM_HORIZON' },
    ]);
  });

  it('reads a new shard of a LATEST mapping from its start once its parent is finished', () => {
    const known = progress([
      ['root', 'finished'],
      ['child', 'finished'],
      ['grandchild', 'finished'],
    ]);
    const split = [...lineage, shard('left', 'grandchild'), shard('right', 'grandchild')];
    expect(planShards(split, known, 'LATEST', false).start).toEqual([
      { shardId: 'left', iteratorType: 'TRIM_HORIZON' },
      { shardId: 'right', iteratorType: 'TRIM_HORIZON' },
    ]);
  });

  it('treats a parent gone from the stream (trimmed) as finished', () => {
    expect(planShards([shard('orphan', 'trimmed')], progress(), 'TRIM_HORIZON', true).start).toEqual([
      { shardId: 'orphan', iteratorType: 'TRIM_HORIZON' },
    ]);
  });

  it('starts no shard twice', () => {
    expect(planShards(lineage, progress([['grandchild', 'reading']]), 'LATEST', true)).toEqual({
      start: [],
      skip: ['root', 'child'],
    });
  });
});
