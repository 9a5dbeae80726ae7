import { itemKeyOf, laneOf, PartitionLanes } from '../../../sandbox/event-source-mappings/partition-lanes';

interface Change {
  readonly key: string;
  readonly n: number;
}

const now = 1_000_000;
const noWindow = { batchSize: 10, maximumBatchingWindowInSeconds: 0 };
const keyOfChange = (change: Change): string => change.key;

/** `count` keys that fall in pairwise different lanes of `laneCount`. */
function keysInDistinctLanes(count: number, laneCount: number): string[] {
  const byLane = new Map<number, string>();
  for (let i = 0; byLane.size < count; i += 1) {
    const key = `check-${i}`;
    const lane = laneOf(key, laneCount);
    if (!byLane.has(lane)) byLane.set(lane, key);
  }
  return [...byLane.values()];
}

describe('itemKeyOf', () => {
  it('is the whole primary key, whatever order its attributes come in', () => {
    const one = { pk: { S: 'a' }, sk: { N: '1' } };
    const same = { sk: { N: '1' }, pk: { S: 'a' } };
    const otherSortKey = { pk: { S: 'a' }, sk: { N: '2' } };
    expect(itemKeyOf(one)).toBe(itemKeyOf(same));
    expect(itemKeyOf(one)).not.toBe(itemKeyOf(otherSortKey));
  });

  it('tells a string key from a number key with the same digits', () => {
    expect(itemKeyOf({ id: { S: '1' } })).not.toBe(itemKeyOf({ id: { N: '1' } }));
  });
});

describe('laneOf', () => {
  it('puts every key in lane 0 when there is one lane', () => {
    expect(['a', 'b', 'c'].map((key) => laneOf(key, 1))).toEqual([0, 0, 0]);
  });

  it('gives one key one lane, and spreads many keys over all of them', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `check-${i}`);
    const lanes = keys.map((key) => laneOf(key, 10));
    expect(keys.map((key) => laneOf(key, 10))).toEqual(lanes);
    expect(new Set(lanes)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });
});

describe('PartitionLanes', () => {
  it('refuses a lane count that is not a positive whole number', () => {
    expect(() => new PartitionLanes(0, keyOfChange)).toThrow('got 0');
    expect(() => new PartitionLanes(1.5, keyOfChange)).toThrow('got 1.5');
  });

  it('keeps one key in one lane, in the order read, one batch out at a time', () => {
    const lanes = new PartitionLanes<Change>(10, keyOfChange);
    for (const n of [1, 2, 3]) lanes.push({ key: 'a', n }, now);

    const [first, ...others] = lanes.takeReadyBatches({ ...noWindow, batchSize: 2 }, now, false);
    expect(others).toEqual([]);
    expect(first).toEqual({
      lane: laneOf('a', 10),
      records: [
        { key: 'a', n: 1 },
        { key: 'a', n: 2 },
      ],
    });

    lanes.push({ key: 'a', n: 4 }, now);
    expect(lanes.takeReadyBatches(noWindow, now, false)).toEqual([]);
    lanes.release(first.lane);
    expect(lanes.takeReadyBatches(noWindow, now, false)).toEqual([
      {
        lane: first.lane,
        records: [
          { key: 'a', n: 3 },
          { key: 'a', n: 4 },
        ],
      },
    ]);
  });

  it('gives a batch to each lane at once, while another lane still has its batch out', () => {
    const [a, b, c] = keysInDistinctLanes(3, 10);
    const lanes = new PartitionLanes<Change>(10, keyOfChange);
    lanes.push({ key: a, n: 1 }, now);
    lanes.push({ key: b, n: 1 }, now);
    const firstBatches = lanes.takeReadyBatches(noWindow, now, false);
    expect(firstBatches.map((batch) => batch.records)).toEqual(
      expect.arrayContaining([[{ key: a, n: 1 }], [{ key: b, n: 1 }]]),
    );

    const laneOfB = laneOf(b, 10);
    lanes.release(laneOfB);
    lanes.push({ key: a, n: 2 }, now);
    lanes.push({ key: b, n: 2 }, now);
    lanes.push({ key: c, n: 1 }, now);
    const next = lanes.takeReadyBatches(noWindow, now, false);
    expect(next.map((batch) => batch.records)).toEqual(
      expect.arrayContaining([[{ key: b, n: 2 }], [{ key: c, n: 1 }]]),
    );
    expect(next).toHaveLength(2);
    expect(lanes.waiting).toBe(1);
  });

  it('runs the batching window per lane, from the first record that lane read', () => {
    const [a, b] = keysInDistinctLanes(2, 10);
    const lanes = new PartitionLanes<Change>(10, keyOfChange);
    const window = { batchSize: 10, maximumBatchingWindowInSeconds: 1 };
    lanes.push({ key: a, n: 1 }, now - 1000);
    lanes.push({ key: b, n: 1 }, now - 500);
    expect(lanes.takeReadyBatches(window, now, false).map((batch) => batch.records)).toEqual([
      [{ key: a, n: 1 }],
    ]);
    expect(lanes.takeReadyBatches(window, now + 500, false).map((batch) => batch.records)).toEqual([
      [{ key: b, n: 1 }],
    ]);
  });

  it('is drained only when no lane has a record waiting or a batch out', () => {
    const lanes = new PartitionLanes<Change>(2, keyOfChange);
    expect(lanes.drained).toBe(true);
    lanes.push({ key: 'a', n: 1 }, now);
    expect(lanes.drained).toBe(false);
    const [batch] = lanes.takeReadyBatches(noWindow, now, true);
    expect(lanes.waiting).toBe(0);
    expect(lanes.drained).toBe(false);
    lanes.release(batch.lane);
    expect(lanes.drained).toBe(true);
  });

  it('refuses to release a lane that has no batch out', () => {
    const lanes = new PartitionLanes<Change>(2, keyOfChange);
    expect(() => lanes.release(1)).toThrow('Lane 1 has no batch out');
    expect(() => lanes.release(2)).toThrow('Lane 2 has no batch out');
  });

  it('with one lane, is the single queue of a shard: everything waits behind the batch out', () => {
    const lanes = new PartitionLanes<Change>(1, keyOfChange);
    lanes.push({ key: 'a', n: 1 }, now);
    const [batch] = lanes.takeReadyBatches(noWindow, now, false);
    lanes.push({ key: 'b', n: 1 }, now);
    expect(lanes.takeReadyBatches(noWindow, now, false)).toEqual([]);
    lanes.release(batch.lane);
    expect(lanes.takeReadyBatches(noWindow, now, false)).toEqual([
      { lane: 0, records: [{ key: 'b', n: 1 }] },
    ]);
  });
});
