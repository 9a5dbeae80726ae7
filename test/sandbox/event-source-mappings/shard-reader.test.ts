import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as SdkStreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import type { InvokeOutcome } from '../../../sandbox/lambda/invoker';
import type { StreamMapping } from '../../../sandbox/event-source-mappings/event-source-mapping';
import { itemKeyOf, laneOf } from '../../../sandbox/event-source-mappings/partition-lanes';
import { ShardReader } from '../../../sandbox/event-source-mappings/shard-reader';
import type { DynamoDBStreamEventRecord } from '../../../sandbox/event-source-mappings/stream-record-event';
import { FakeInvoker, succeed, type RecordedCall } from './support/fake-invoker';

const FACTOR = 10;
const STREAM_ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/checks/stream/2026-01-01T00:00:00.000';

const streams = mockClient(DynamoDBStreamsClient);
const client = new DynamoDBStreamsClient({ region: 'us-east-1' });

jest.setTimeout(30_000);

/** What each test started, so that a failed one leaves no reader polling and no invocation held. */
const stops: AbortController[] = [];
const heldSets: HeldInvocations[] = [];
const runs: Array<Promise<void>> = [];

beforeEach(() => streams.reset());
afterEach(async () => {
  for (const stop of stops.splice(0)) stop.abort();
  for (const held of heldSets.splice(0)) held.releaseAll();
  await Promise.all(runs.splice(0));
});
afterAll(() => client.destroy());

function mapping(settings: Partial<StreamMapping> = {}): StreamMapping {
  return {
    kind: 'dynamodb-stream',
    logicalId: 'NotifierMapping',
    eventSourceArn: STREAM_ARN,
    functionName: 'notifier',
    enabled: true,
    batchSize: 1,
    maximumBatchingWindowInSeconds: 0,
    reportBatchItemFailures: true,
    filter: undefined,
    startingPosition: 'TRIM_HORIZON',
    maximumRetryAttempts: -1,
    maximumRecordAgeInSeconds: -1,
    bisectBatchOnFunctionError: false,
    parallelizationFactor: FACTOR,
    onFailureDestination: undefined,
    ...settings,
  };
}

let sequence = 0;

/** A change of check `id` to `version`, as GetRecords returns it. */
function change(id: string, version: number): SdkStreamRecord {
  sequence += 1;
  return {
    eventID: `event-${sequence}`,
    eventName: 'MODIFY',
    eventVersion: '1.1',
    dynamodb: {
      ApproximateCreationDateTime: new Date(),
      Keys: { id: { S: id } },
      NewImage: { id: { S: id }, version: { N: String(version) } },
      SequenceNumber: String(1000 + sequence),
      SizeBytes: 20,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** A shard that returns `records` on the first read, then nothing more: closed when `closed`, else open. */
function shardHolding(records: SdkStreamRecord[], closed: boolean): void {
  streams.on(GetShardIteratorCommand).resolves({ ShardIterator: 'iterator-0' });
  streams
    .on(GetRecordsCommand, { ShardIterator: 'iterator-0' })
    .resolves({ Records: records, NextShardIterator: closed ? undefined : 'iterator-1' });
  streams
    .on(GetRecordsCommand, { ShardIterator: 'iterator-1' })
    .resolves({ Records: [], NextShardIterator: 'iterator-1' });
}

/** Opens the shard and starts reading it; `finished()` tells whether the reader has returned. */
async function startReader(
  invoker: FakeInvoker,
  settings: Partial<StreamMapping> = {},
): Promise<{ stop: AbortController; run: Promise<void>; finished: () => boolean }> {
  const stop = new AbortController();
  stops.push(stop);
  const reader = await ShardReader.open(
    {
      mapping: mapping(settings),
      streams: client,
      invoker,
      region: 'us-east-1',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:notifier',
      destination: undefined,
      pollIntervalMs: 5,
      retryBackoffMs: 5,
      signal: stop.signal,
      log: () => undefined,
    },
    'shardId-1',
    'TRIM_HORIZON',
  );
  let finished = false;
  const run = reader.run().then(() => {
    finished = true;
  });
  runs.push(run);
  return { stop, run, finished: () => finished };
}

const laneOfId = (id: string): number => laneOf(itemKeyOf({ id: { S: id } }), FACTOR);

function idsInDistinctLanes(count: number): string[] {
  const byLane = new Map<number, string>();
  for (let i = 0; byLane.size < count; i += 1) {
    const id = `check-${i}`;
    if (!byLane.has(laneOfId(id))) byLane.set(laneOfId(id), id);
  }
  return [...byLane.values()];
}

const recordsOf = (call: RecordedCall): DynamoDBStreamEventRecord[] =>
  (call.event as { Records: DynamoDBStreamEventRecord[] }).Records;
const idOf = (record: DynamoDBStreamEventRecord): string => (record.dynamodb.Keys.id as { S: string }).S;
const labelsOf = (call: RecordedCall): string[] =>
  recordsOf(call).map(
    (record) => `${idOf(record)}@${(record.dynamodb.NewImage?.version as { N: string }).N}`,
  );

/** Lets every callback queued now run, and the promises they settle. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Invocations the test ends one by one. */
class HeldInvocations {
  private readonly releases = new Map<string, () => void>();

  constructor() {
    heldSets.push(this);
  }

  readonly invoker = new FakeInvoker(
    (call) =>
      new Promise<InvokeOutcome>((resolve) => {
        this.releases.set(labelsOf(call).join(','), () => resolve(succeed()));
      }),
  );

  release(label: string): void {
    const release = this.releases.get(label);
    if (release === undefined) throw new Error(`No invocation of ${label} is held`);
    this.releases.delete(label);
    release();
  }

  releaseAll(): void {
    for (const label of [...this.releases.keys()]) this.release(label);
  }
}

describe('ShardReader lanes', () => {
  it('counts a closed shard as read only once every lane has handled every record', async () => {
    const [a, b] = idsInDistinctLanes(2);
    shardHolding([change(a, 1), change(a, 2), change(b, 1), change(b, 2)], true);
    const held = new HeldInvocations();
    const { run, finished } = await startReader(held.invoker);

    await held.invoker.waitForCalls(2);
    held.release(`${b}@1`);
    await held.invoker.waitForCalls(3);
    held.release(`${b}@2`);
    await settle();
    expect(held.invoker.calls.map(labelsOf)).toEqual([[`${a}@1`], [`${b}@1`], [`${b}@2`]]);
    expect(finished()).toBe(false);

    held.release(`${a}@1`);
    await held.invoker.waitForCalls(4);
    await settle();
    expect(finished()).toBe(false);
    held.release(`${a}@2`);
    await run;
    expect(held.invoker.calls.map(labelsOf)[3]).toEqual([`${a}@2`]);
  });

  it('stops only once the invocation in flight in every lane has ended, and invokes nothing more', async () => {
    const [a, b] = idsInDistinctLanes(2);
    shardHolding([change(a, 1), change(b, 1), change(a, 2)], false);
    const held = new HeldInvocations();
    const { stop, run, finished } = await startReader(held.invoker);

    await held.invoker.waitForCalls(2);
    stop.abort();
    held.release(`${a}@1`);
    await settle();
    expect(finished()).toBe(false);
    held.release(`${b}@1`);
    await run;
    expect(held.invoker.calls.map(labelsOf)).toEqual([[`${a}@1`], [`${b}@1`]]);
  });

  it('never has one check in two invocations at once, and delivers each check in order, exactly once', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `check-${i}`);
    const records = Array.from({ length: 5 }, (_, v) => ids.map((id) => change(id, v + 1))).flat();
    shardHolding(records, true);
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    let calls = 0;
    // Each invocation ends after its own number of turns of the event loop, so lanes overtake one another.
    const invoker = new FakeInvoker(async (call) => {
      const callIds = recordsOf(call).map(idOf);
      for (const id of callIds) if (inFlight.has(id)) overlaps.push(id);
      for (const id of callIds) inFlight.add(id);
      calls += 1;
      for (let turn = 0; turn < (calls * 7) % 5; turn += 1) await settle();
      for (const id of callIds) inFlight.delete(id);
      return succeed();
    });
    const { run } = await startReader(invoker, { batchSize: 4 });
    await run;

    expect(overlaps).toEqual([]);
    const versionsById = new Map<string, string[]>();
    for (const call of invoker.calls)
      for (const label of labelsOf(call)) {
        const [id, version] = label.split('@');
        versionsById.set(id, [...(versionsById.get(id) ?? []), version]);
      }
    expect([...versionsById.keys()].sort()).toEqual([...ids].sort());
    for (const versions of versionsById.values()) expect(versions).toEqual(['1', '2', '3', '4', '5']);
    expect(new Set(invoker.calls.map((call) => laneOfId(idOf(recordsOf(call)[0])))).size).toBeGreaterThan(1);
  });
});
