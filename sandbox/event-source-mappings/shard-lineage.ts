export interface ShardDescription {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  /** The shard has an ending sequence number: no record will be added to it. */
  readonly closed: boolean;
}

/** How far the poller is with a shard it knows. */
export type ShardProgress = 'reading' | 'finished';

export interface ShardPlan {
  readonly start: ReadonlyArray<{
    readonly shardId: string;
    readonly iteratorType: 'LATEST' | 'TRIM_HORIZON';
  }>;
  /** Shards to count as finished without reading them: closed before a LATEST mapping began. */
  readonly skip: readonly string[];
}

/**
 * Which shards of a stream to start reading now. A mapping that starts at LATEST reads the
 * shards open when it starts from their tip and ignores the closed ones. Any other shard is
 * read from its start, and only once its parent is finished (or gone from the stream), so
 * two generations of one lineage never run at once and a child's records follow its
 * parent's.
 */
export function planShards(
  shards: readonly ShardDescription[],
  progress: ReadonlyMap<string, ShardProgress>,
  startingPosition: 'LATEST' | 'TRIM_HORIZON',
  firstDiscovery: boolean,
): ShardPlan {
  const fresh = shards.filter((shard) => !progress.has(shard.shardId));
  if (firstDiscovery && startingPosition === 'LATEST') {
    return {
      start: fresh
        .filter((shard) => !shard.closed)
        .map(({ shardId }) => ({ shardId, iteratorType: 'LATEST' })),
      skip: fresh.filter((shard) => shard.closed).map(({ shardId }) => shardId),
    };
  }
  const listed = new Set(shards.map((shard) => shard.shardId));
  const parentDone = (parentShardId: string | undefined): boolean =>
    parentShardId === undefined ||
    progress.get(parentShardId) === 'finished' ||
    (!listed.has(parentShardId) && !progress.has(parentShardId));
  return {
    start: fresh
      .filter((shard) => parentDone(shard.parentShardId))
      .map(({ shardId }) => ({ shardId, iteratorType: 'TRIM_HORIZON' })),
    skip: [],
  };
}
