import { DescribeStreamCommand } from '@aws-sdk/client-dynamodb-streams';
import { planShards, type ShardDescription, type ShardProgress } from './shard-lineage';
import { ShardReader, type ShardReaderContext } from './shard-reader';
import { withRequestSignal } from './request-signal';

/** How often the poller looks for new shards besides when one ends. */
const DISCOVERY_INTERVAL_MS = 10_000;

export type StreamPollerContext = Omit<ShardReaderContext, 'signal'>;

export interface RunningPoller {
  /** Resolves once no invocation is in flight and nothing polls any more. */
  stop(): Promise<void>;
}

/**
 * One mapping's poller of a DynamoDB stream: a reader per shard, started in lineage order
 * (a child once its parent is read to its end), with the shards looked up again whenever
 * one ends and every few seconds.
 */
class StreamPoller implements RunningPoller {
  private readonly controller = new AbortController();
  private readonly progress = new Map<string, ShardProgress>();
  private readonly readers = new Set<Promise<void>>();
  private discovery: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly context: StreamPollerContext) {}

  async start(): Promise<void> {
    await this.discover(true);
    this.timer = setInterval(() => this.rediscover(), DISCOVERY_INTERVAL_MS);
  }

  async stop(): Promise<void> {
    this.controller.abort();
    clearInterval(this.timer);
    await this.discovery;
    await Promise.all(this.readers);
  }

  private rediscover(): void {
    this.discovery = this.discovery
      .then(() => this.discover(false))
      .catch((error: unknown) => {
        if (!this.controller.signal.aborted)
          this.context.log('shard discovery failed', { error: String(error) });
      });
  }

  private async describeShards(): Promise<ShardDescription[]> {
    const shards: ShardDescription[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const startShardId = exclusiveStartShardId;
      const { StreamDescription: description } = await withRequestSignal(
        this.controller.signal,
        (abortSignal) =>
          this.context.streams.send(
            new DescribeStreamCommand({
              StreamArn: this.context.mapping.eventSourceArn,
              ExclusiveStartShardId: startShardId,
            }),
            { abortSignal },
          ),
      );
      for (const shard of description?.Shards ?? []) {
        if (shard.ShardId === undefined) continue;
        shards.push({
          shardId: shard.ShardId,
          parentShardId: shard.ParentShardId,
          closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
        });
      }
      exclusiveStartShardId = description?.LastEvaluatedShardId;
    } while (exclusiveStartShardId !== undefined);
    return shards;
  }

  private async discover(firstDiscovery: boolean): Promise<void> {
    const { signal } = this.controller;
    if (signal.aborted) return;
    const shards = await this.describeShards();
    const plan = planShards(shards, this.progress, this.context.mapping.startingPosition, firstDiscovery);
    for (const shardId of plan.skip) this.progress.set(shardId, 'finished');
    for (const { shardId, iteratorType } of plan.start) {
      const reader = await ShardReader.open({ ...this.context, signal }, shardId, iteratorType);
      this.progress.set(shardId, 'reading');
      const reading = reader.run().then(
        () => {
          if (signal.aborted) return;
          this.progress.set(shardId, 'finished');
          this.rediscover();
        },
        // A shard whose reader broke stays "reading", so its children wait instead of overtaking it.
        (error: unknown) =>
          this.context.log('shard reader stopped on an error', { shardId, error: String(error) }),
      );
      this.readers.add(reading);
      void reading.finally(() => this.readers.delete(reading));
    }
  }
}

/** Starts polling once every shard open now has its iterator, so no record written after this returns is missed. */
export async function startStreamPoller(context: StreamPollerContext): Promise<RunningPoller> {
  const poller = new StreamPoller(context);
  try {
    await poller.start();
  } catch (error) {
    await poller.stop();
    throw error;
  }
  return poller;
}
