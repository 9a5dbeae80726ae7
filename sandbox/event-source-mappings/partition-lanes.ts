import { createHash } from 'node:crypto';
import { batchIsReady, type BatchingSettings } from './stream-batching';
import type { WireItem } from './stream-record-event';

/**
 * The item a stream record's `Keys` name: its whole primary key (partition and sort key),
 * the level at which Lambda keeps order with a `ParallelizationFactor` above 1. Attribute
 * names are sorted, so the same key always reads the same.
 */
export function itemKeyOf(keys: WireItem): string {
  return JSON.stringify(
    Object.keys(keys)
      .sort()
      .map((name) => [name, keys[name]]),
  );
}

/** The lane of `key` among `laneCount`: a hash of the key, so one key always takes one lane. */
export function laneOf(key: string, laneCount: number): number {
  if (laneCount === 1) return 0;
  return createHash('md5').update(key).digest().readUInt32BE(0) % laneCount;
}

export interface LaneBatch<R> {
  readonly lane: number;
  /** In the order the shard gave them. */
  readonly records: readonly R[];
}

interface Lane<R> {
  readonly waiting: Array<{ readonly record: R; readonly readAtMs: number }>;
  /** A batch of this lane is out: the lane takes no other until it is released. */
  busy: boolean;
}

/**
 * The records read from one shard, split into `ParallelizationFactor` lanes by item key, as
 * Lambda splits a shard into concurrent batches: each lane batches its own records in shard
 * order and has at most one batch out at a time, so one item's records stay in order while
 * other lanes' batches run beside it. With one lane this is the shard's single queue.
 */
export class PartitionLanes<R> {
  private readonly lanes: Array<Lane<R>>;

  constructor(
    laneCount: number,
    private readonly keyOf: (record: R) => string,
  ) {
    if (!Number.isInteger(laneCount) || laneCount < 1)
      throw new Error(`A shard needs a positive whole number of lanes, got ${laneCount}`);
    this.lanes = Array.from({ length: laneCount }, () => ({ waiting: [], busy: false }));
  }

  /** Records read and not yet in a batch, over every lane. */
  get waiting(): number {
    return this.lanes.reduce((count, lane) => count + lane.waiting.length, 0);
  }

  /** No record waits and no batch is out: every record read so far has been handled. */
  get drained(): boolean {
    return this.lanes.every((lane) => !lane.busy && lane.waiting.length === 0);
  }

  push(record: R, readAtMs: number): void {
    this.lanes[laneOf(this.keyOf(record), this.lanes.length)].waiting.push({ record, readAtMs });
  }

  /**
   * The next batch of every lane that has none out and whose waiting records make a batch
   * now (`batchIsReady`, per lane). Each lane returned is busy until `release`.
   */
  takeReadyBatches(settings: BatchingSettings, nowMs: number, shardEnded: boolean): Array<LaneBatch<R>> {
    const batches: Array<LaneBatch<R>> = [];
    this.lanes.forEach((lane, index) => {
      if (lane.busy) return;
      const state = {
        buffered: lane.waiting.length,
        firstBufferedAtMs: lane.waiting[0]?.readAtMs,
        shardEnded,
      };
      if (!batchIsReady(state, settings, nowMs)) return;
      lane.busy = true;
      batches.push({
        lane: index,
        records: lane.waiting.splice(0, settings.batchSize).map(({ record }) => record),
      });
    });
    return batches;
  }

  /** The lane's batch is handled (succeeded or given up): its next batch may go. */
  release(lane: number): void {
    const released = this.lanes[lane];
    if (released === undefined || !released.busy) throw new Error(`Lane ${lane} has no batch out`);
    released.busy = false;
  }
}
