import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { FauxqsServer } from 'fauxqs';
import type { SandboxAws } from '../../../sandbox/platform/aws-environment';
import type { DynamoDbLocal } from '../../../sandbox/dynamodb/dynamodb-local';
import type { StreamMapping } from '../../../sandbox/event-source-mappings/event-source-mapping';
import {
  startEventSources,
  type RunningEventSources,
} from '../../../sandbox/event-source-mappings/start-event-sources';
import { itemKeyOf, laneOf } from '../../../sandbox/event-source-mappings/partition-lanes';
import type { DynamoDBStreamEventRecord } from '../../../sandbox/event-source-mappings/stream-record-event';
import { noLog, processIsRunning, sandboxAws, startDynamoDb, startSqs } from './support/engines';
import { fail, FakeInvoker, reportFailures, succeed, type RecordedCall } from './support/fake-invoker';

jest.setTimeout(60_000);

const FUNCTION_NAME = 'notifier';
const POLL_MS = 50;

let dynamodb: DynamoDbLocal;
let sqsServer: FauxqsServer;
let aws: SandboxAws;
let ddb: DynamoDBClient;
let sqs: SQSClient;
const queueUrls = new Map<string, string>();
const running: RunningEventSources[] = [];
let tables = 0;

beforeAll(async () => {
  [dynamodb, sqsServer] = await Promise.all([startDynamoDb(), startSqs()]);
  aws = sandboxAws({ dynamodb: dynamodb.endpoint, sqs: `http://127.0.0.1:${sqsServer.port}` });
  ddb = new DynamoDBClient({
    region: aws.region,
    credentials: aws.credentials,
    endpoint: aws.endpoints.dynamodb,
  });
  sqs = new SQSClient({ region: aws.region, credentials: aws.credentials, endpoint: aws.endpoints.sqs });
});

/** Opened after each test, so that stopping never waits on an invocation a failed test left held. */
const gates: Array<{ open(): void }> = [];

afterEach(async () => {
  for (const held of gates.splice(0)) held.open();
  await Promise.all(running.splice(0).map((sources) => sources.stop()));
});

afterAll(async () => {
  ddb?.destroy();
  sqs?.destroy();
  await sqsServer?.stop();
  if (dynamodb !== undefined) {
    await dynamodb.stop();
    expect(processIsRunning(dynamodb.pid)).toBe(false);
  }
});

async function createTable(): Promise<{ tableName: string; streamArn: string }> {
  tables += 1;
  const tableName = `checks-${tables}`;
  const { TableDescription: table } = await ddb.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  return { tableName, streamArn: table?.LatestStreamArn as string };
}

async function createQueue(name: string): Promise<string> {
  const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes: attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const arn = attributes?.QueueArn as string;
  queueUrls.set(arn, queueUrl as string);
  return arn;
}

function streamMapping(streamArn: string, settings: Partial<StreamMapping> = {}): StreamMapping {
  return {
    kind: 'dynamodb-stream',
    logicalId: 'NotifierMapping',
    eventSourceArn: streamArn,
    functionName: FUNCTION_NAME,
    enabled: true,
    batchSize: 100,
    maximumBatchingWindowInSeconds: 0,
    reportBatchItemFailures: true,
    filter: undefined,
    startingPosition: 'LATEST',
    maximumRetryAttempts: -1,
    maximumRecordAgeInSeconds: -1,
    bisectBatchOnFunctionError: false,
    parallelizationFactor: 1,
    onFailureDestination: undefined,
    ...settings,
  };
}

async function start(invoker: FakeInvoker, ...mappings: StreamMapping[]): Promise<RunningEventSources> {
  return startLogging(noLog, invoker, ...mappings);
}

async function startLogging(
  log: (line: string) => void,
  invoker: FakeInvoker,
  ...mappings: StreamMapping[]
): Promise<RunningEventSources> {
  const sources = await startEventSources({
    mappings,
    invoker,
    aws,
    queueUrlOf: (arn) => queueUrls.get(arn) as string,
    streamPollIntervalMs: POLL_MS,
    retryBackoffMs: 10,
    log,
  });
  running.push(sources);
  return sources;
}

async function put(tableName: string, id: string, extra: Record<string, unknown> = {}): Promise<void> {
  await ddb.send(new PutItemCommand({ TableName: tableName, Item: { id: { S: id }, ...extra } as never }));
}

const keyOf = (record: DynamoDBStreamEventRecord): string => (record.dynamodb.Keys.id as { S: string }).S;

const sequenceNumbers = (records: readonly DynamoDBStreamEventRecord[]): string[] =>
  records.map((record) => record.dynamodb.SequenceNumber);

describe('DynamoDB stream event source (DynamoDB Local)', () => {
  it('delivers the records written after start, in order, in the exact shape Lambda sends', async () => {
    const { tableName, streamArn } = await createTable();
    const invoker = new FakeInvoker(succeed);
    await start(invoker, streamMapping(streamArn));

    await put(tableName, 'c1', { blob: { B: new Uint8Array([104, 105]) }, version: { N: '1' } });
    await ddb.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { id: { S: 'c1' } },
        UpdateExpression: 'SET version = :v',
        ExpressionAttributeValues: { ':v': { N: '2' } },
      }),
    );
    await ddb.send(new DeleteItemCommand({ TableName: tableName, Key: { id: { S: 'c1' } } }));

    await invoker.waitForRecords(3);
    const delivered = invoker.batches<DynamoDBStreamEventRecord>().flat();
    expect(invoker.calls.every((call) => call.functionRef === FUNCTION_NAME)).toBe(true);
    expect(delivered.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    const numbers = sequenceNumbers(delivered).map(BigInt);
    expect(numbers).toEqual([...numbers].sort((a, b) => (a < b ? -1 : 1)));

    const common = {
      eventID: expect.any(String),
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: aws.region,
      eventSourceARN: streamArn,
    };
    const dynamodbCommon = {
      ApproximateCreationDateTime: expect.any(Number),
      Keys: { id: { S: 'c1' } },
      SequenceNumber: expect.stringMatching(/^\d+$/),
      SizeBytes: expect.any(Number),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    };
    const first = { id: { S: 'c1' }, blob: { B: 'aGk=' }, version: { N: '1' } };
    const second = { ...first, version: { N: '2' } };
    expect(delivered).toEqual([
      { ...common, eventName: 'INSERT', dynamodb: { ...dynamodbCommon, NewImage: first } },
      { ...common, eventName: 'MODIFY', dynamodb: { ...dynamodbCommon, NewImage: second, OldImage: first } },
      { ...common, eventName: 'REMOVE', dynamodb: { ...dynamodbCommon, OldImage: second } },
    ]);
    expect(Math.abs(delivered[0].dynamodb.ApproximateCreationDateTime - Date.now() / 1000)).toBeLessThan(120);
  });

  // DynamoDB Local numbers the records of all its tables from one counter, and takes an iterator
  // of an empty shard to point before a first record that another table's writes numbered later.
  it('reads a shard that was empty at start, once other tables moved the sequence numbers on, saying nothing', async () => {
    const { tableName, streamArn } = await createTable();
    const other = await createTable();
    const lines: string[] = [];
    const invoker = new FakeInvoker(succeed);
    await startLogging((line) => lines.push(line), invoker, streamMapping(streamArn));
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 3));

    for (const id of ['o1', 'o2', 'o3']) await put(other.tableName, id);
    await put(tableName, 'first');
    await put(tableName, 'second');

    await invoker.waitForRecords(2);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 5));
    expect(invoker.batches<DynamoDBStreamEventRecord>().flat().map(keyOf)).toEqual(['first', 'second']);
    expect(lines).toEqual([]);
  });

  it('retries from the record a partial response reports, never redelivering the records before it', async () => {
    const { tableName, streamArn } = await createTable();
    for (const id of ['a', 'b', 'c']) await put(tableName, id);
    const invoker = new FakeInvoker((call, index) => {
      const records = (call.event as { Records: DynamoDBStreamEventRecord[] }).Records;
      return index === 0
        ? reportFailures(records[2].dynamodb.SequenceNumber, records[1].dynamodb.SequenceNumber)
        : succeed();
    });
    await start(invoker, streamMapping(streamArn, { startingPosition: 'TRIM_HORIZON' }));

    await invoker.waitForCalls(2);
    await put(tableName, 'd');
    await invoker.waitForCalls(3);
    const batches = invoker.batches<DynamoDBStreamEventRecord>();
    expect(batches.map((batch) => batch.map(keyOf))).toEqual([['a', 'b', 'c'], ['b', 'c'], ['d']]);
    expect(sequenceNumbers(batches[1])).toEqual(sequenceNumbers(batches[0]).slice(1));
  });

  it('gives up a batch that keeps failing, sends the §4 on-failure record to the queue, and moves on', async () => {
    const { tableName, streamArn } = await createTable();
    const failuresArn = await createQueue(`notifier-failures-${tables}`);
    await put(tableName, 'x');
    await put(tableName, 'y');
    let failing = true;
    const invoker = new FakeInvoker(() => (failing ? fail('poisoned') : succeed()));
    await start(
      invoker,
      streamMapping(streamArn, {
        startingPosition: 'TRIM_HORIZON',
        maximumRetryAttempts: 2,
        onFailureDestination: failuresArn,
      }),
    );

    const { Messages: messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrls.get(failuresArn), WaitTimeSeconds: 20 }),
    );
    expect(messages).toHaveLength(1);
    const batch = invoker.batches<DynamoDBStreamEventRecord>()[0];
    expect(invoker.batches<DynamoDBStreamEventRecord>()).toEqual([batch, batch, batch]);
    const arrival = (record: DynamoDBStreamEventRecord): string =>
      new Date(record.dynamodb.ApproximateCreationDateTime * 1000).toISOString();
    expect(JSON.parse(messages[0].Body as string)).toEqual({
      requestContext: {
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        functionArn: `arn:aws:lambda:${aws.region}:${aws.accountId}:function:${FUNCTION_NAME}`,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      DDBStreamBatchInfo: {
        shardId: expect.stringMatching(/^shardId-/),
        startSequenceNumber: batch[0].dynamodb.SequenceNumber,
        endSequenceNumber: batch[1].dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(batch[0]),
        approximateArrivalOfLastRecord: arrival(batch[1]),
        batchSize: 2,
        streamArn,
      },
    });

    failing = false;
    await put(tableName, 'z');
    await invoker.waitForCalls(4);
    expect(invoker.batches<DynamoDBStreamEventRecord>()[3].map(keyOf)).toEqual(['z']);
  });

  it('isolates a poison record by bisecting and gives up only that record', async () => {
    const { tableName, streamArn } = await createTable();
    const failuresArn = await createQueue(`publisher-failures-${tables}`);
    for (const id of ['1', '2', '3', '4']) await put(tableName, id);
    const invoker = new FakeInvoker((call) => {
      const records = (call.event as { Records: DynamoDBStreamEventRecord[] }).Records;
      return records.some((record) => keyOf(record) === '3') ? fail() : succeed();
    });
    await start(
      invoker,
      streamMapping(streamArn, {
        startingPosition: 'TRIM_HORIZON',
        maximumRetryAttempts: 1,
        bisectBatchOnFunctionError: true,
        onFailureDestination: failuresArn,
      }),
    );

    const { Messages: messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrls.get(failuresArn), WaitTimeSeconds: 20 }),
    );
    await invoker.waitForCalls(6);
    const ids = invoker.batches<DynamoDBStreamEventRecord>().map((batch) => batch.map(keyOf));
    expect(ids).toEqual([['1', '2', '3', '4'], ['1', '2'], ['3', '4'], ['3'], ['3'], ['4']]);
    expect(JSON.parse(messages[0].Body as string)).toMatchObject({
      requestContext: { approximateInvokeCount: 4 },
      DDBStreamBatchInfo: { batchSize: 1 },
    });
  });

  it('stops only after the invocation in flight has finished, and polls no more', async () => {
    const { tableName, streamArn } = await createTable();
    let release: () => void = () => undefined;
    let finished = false;
    const invoker = new FakeInvoker(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      finished = true;
      return succeed();
    });
    const sources = await start(invoker, streamMapping(streamArn));
    await put(tableName, 'slow');
    await invoker.waitForCalls(1);

    const stopped = sources.stop().then(() => finished);
    release();
    await expect(stopped).resolves.toBe(true);

    await put(tableName, 'after-stop');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 10));
    expect(invoker.calls).toHaveLength(1);
  });
});

/** A promise the test resolves when it chooses: holds a fake function's invocation until then. */
function gate(): { readonly opened: Promise<void>; open(): void; isOpen(): boolean } {
  let open: () => void = () => undefined;
  let isOpen = false;
  const opened = new Promise<void>((resolve) => {
    open = () => {
      isOpen = true;
      resolve();
    };
  });
  const held = { opened, open: () => open(), isOpen: () => isOpen };
  gates.push(held);
  return held;
}

describe('DynamoDB stream event source in lanes: ParallelizationFactor (DynamoDB Local)', () => {
  const FACTOR = 10;
  const laneOfId = (id: string): number => laneOf(itemKeyOf({ id: { S: id } }), FACTOR);

  /** Check ids whose changes Lambda would run in different lanes. */
  function idsInDistinctLanes(count: number): string[] {
    const byLane = new Map<number, string>();
    for (let i = 0; byLane.size < count; i += 1) {
      const id = `check-${i}`;
      if (!byLane.has(laneOfId(id))) byLane.set(laneOfId(id), id);
    }
    return [...byLane.values()];
  }

  /** Another check id whose changes share the lane of `id`. */
  function idInLaneOf(id: string): string {
    for (let i = 0; ; i += 1) {
      const other = `other-${i}`;
      if (laneOfId(other) === laneOfId(id)) return other;
    }
  }

  const versionOf = (record: DynamoDBStreamEventRecord): string =>
    (record.dynamodb.NewImage?.version as { N: string }).N;
  const labelsOf = (call: RecordedCall): string[] =>
    (call.event as { Records: DynamoDBStreamEventRecord[] }).Records.map(
      (record) => `${keyOf(record)}@${versionOf(record)}`,
    );
  const putVersion = (tableName: string, id: string, version: number): Promise<void> =>
    put(tableName, id, { version: { N: String(version) } });

  it("delivers check B's changes while check A's invocation is held, and A's next change only after it", async () => {
    const { tableName, streamArn } = await createTable();
    const [a, b] = idsInDistinctLanes(2);
    const held = gate();
    const invoker = new FakeInvoker(async (call) => {
      if (labelsOf(call).includes(`${a}@1`)) await held.opened;
      return succeed();
    });
    await start(invoker, streamMapping(streamArn, { parallelizationFactor: FACTOR }));

    await putVersion(tableName, a, 1);
    await invoker.waitForCalls(1);
    await putVersion(tableName, a, 2);
    await putVersion(tableName, b, 1);
    await invoker.waitForCalls(2);
    await putVersion(tableName, b, 2);
    // b@2 can only go once b@1's invocation has ended: B's lane finished a batch while A's is held.
    await invoker.waitForCalls(3);
    expect(invoker.calls.map(labelsOf)).toEqual([[`${a}@1`], [`${b}@1`], [`${b}@2`]]);

    held.open();
    await invoker.waitForCalls(4);
    expect(invoker.calls.map(labelsOf)[3]).toEqual([`${a}@2`]);
  });

  it('with a factor of 1, holds every other check behind the invocation in flight, as one shard', async () => {
    const { tableName, streamArn } = await createTable();
    const [a, b] = idsInDistinctLanes(2);
    const held = gate();
    const heldWhenCalled: boolean[] = [];
    const invoker = new FakeInvoker(async (call) => {
      heldWhenCalled.push(!held.isOpen());
      if (labelsOf(call).includes(`${a}@1`)) await held.opened;
      return succeed();
    });
    await start(invoker, streamMapping(streamArn, { parallelizationFactor: 1 }));

    await putVersion(tableName, a, 1);
    await invoker.waitForCalls(1);
    await putVersion(tableName, b, 1);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 10));
    held.open();
    await invoker.waitForCalls(2);
    expect(invoker.calls.map(labelsOf)).toEqual([[`${a}@1`], [`${b}@1`]]);
    expect(heldWhenCalled).toEqual([true, false]);
  });

  it('retries a failing lane alone and gives up only its records, while the other lanes deliver; a check sharing that lane waits', async () => {
    const { tableName, streamArn } = await createTable();
    const failuresArn = await createQueue(`lane-failures-${tables}`);
    const [a, b] = idsInDistinctLanes(2);
    const sharing = idInLaneOf(a);
    const secondAttempt = gate();
    const invoker = new FakeInvoker(async (call) => {
      if (!labelsOf(call).includes(`${a}@1`)) return succeed();
      const attempts = invoker.calls.filter((earlier) => labelsOf(earlier).includes(`${a}@1`)).length;
      if (attempts === 2) await secondAttempt.opened;
      return fail('poisoned');
    });
    await start(
      invoker,
      streamMapping(streamArn, {
        parallelizationFactor: FACTOR,
        maximumRetryAttempts: 2,
        onFailureDestination: failuresArn,
      }),
    );

    await putVersion(tableName, a, 1);
    await invoker.waitForCalls(1);
    await putVersion(tableName, sharing, 1);
    await invoker.waitForCalls(2);
    await putVersion(tableName, b, 1);
    await invoker.waitForCalls(3);
    expect(invoker.calls.map(labelsOf)).toEqual([[`${a}@1`], [`${a}@1`], [`${b}@1`]]);

    secondAttempt.open();
    const { Messages: messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrls.get(failuresArn), WaitTimeSeconds: 20 }),
    );
    await invoker.waitForCalls(5);
    expect(invoker.calls.map(labelsOf)).toEqual([
      [`${a}@1`],
      [`${a}@1`],
      [`${b}@1`],
      [`${a}@1`],
      [`${sharing}@1`],
    ]);
    const poisoned = invoker.batches<DynamoDBStreamEventRecord>()[0][0];
    expect(messages).toHaveLength(1);
    expect(JSON.parse(messages[0].Body as string)).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      DDBStreamBatchInfo: {
        startSequenceNumber: poisoned.dynamodb.SequenceNumber,
        endSequenceNumber: poisoned.dynamodb.SequenceNumber,
        batchSize: 1,
      },
    });
  });
});
