import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { FauxqsServer } from 'fauxqs';
import type { SandboxAws } from '../../../sandbox/platform/aws-environment';
import type { QueueMapping } from '../../../sandbox/event-source-mappings/event-source-mapping';
import type { SqsEventRecord } from '../../../sandbox/event-source-mappings/queue-record-event';
import {
  startEventSources,
  type RunningEventSources,
} from '../../../sandbox/event-source-mappings/start-event-sources';
import { noLog, sandboxAws, startSqs } from './support/engines';
import { FakeInvoker, reportFailures, succeed } from './support/fake-invoker';

jest.setTimeout(60_000);

const FUNCTION_NAME = 'arn:aws:lambda:us-east-1:000000000000:function:fanout-poster';
/** Seconds: short, so that a failed message comes back quickly. */
const VISIBILITY_TIMEOUT = 1;

let server: FauxqsServer;
let aws: SandboxAws;
let sqs: SQSClient;
let sources: RunningEventSources | undefined;
let queues = 0;

beforeAll(async () => {
  server = await startSqs();
  aws = sandboxAws({ sqs: `http://127.0.0.1:${server.port}` });
  sqs = new SQSClient({ region: aws.region, credentials: aws.credentials, endpoint: aws.endpoints.sqs });
});

afterEach(async () => {
  await sources?.stop();
  sources = undefined;
});

afterAll(async () => {
  sqs?.destroy();
  await server?.stop();
});

async function createFifoQueue(): Promise<{ url: string; arn: string }> {
  queues += 1;
  const { QueueUrl: url } = await sqs.send(
    new CreateQueueCommand({
      QueueName: `fanout-${queues}.fifo`,
      Attributes: {
        FifoQueue: 'true',
        VisibilityTimeout: String(VISIBILITY_TIMEOUT),
        DeduplicationScope: 'messageGroup',
        FifoThroughputLimit: 'perMessageGroupId',
      },
    }),
  );
  const { Attributes: read } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return { url: url as string, arn: read?.QueueArn as string };
}

/** `perGroup` messages in each group, `<group>-<n>`, sent interleaved in batches of ten. */
async function sendInterleaved(url: string, groups: readonly string[], perGroup: number): Promise<void> {
  const entries = Array.from({ length: perGroup }, (_, n) => groups.map((group) => `${group}-${n}`)).flat();
  for (let start = 0; start < entries.length; start += 10) {
    const { Failed: failed = [] } = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: entries.slice(start, start + 10).map((body, index) => ({
          Id: String(index),
          MessageBody: body,
          MessageGroupId: body.split('-')[0],
          MessageDeduplicationId: body,
        })),
      }),
    );
    expect(failed).toEqual([]);
  }
}

async function start(invoker: FakeInvoker, queue: { url: string; arn: string }): Promise<void> {
  const mapping: QueueMapping = {
    kind: 'sqs',
    logicalId: 'PosterMapping',
    eventSourceArn: queue.arn,
    functionName: FUNCTION_NAME,
    enabled: true,
    batchSize: 10,
    maximumBatchingWindowInSeconds: 0,
    reportBatchItemFailures: true,
    filter: undefined,
    maximumConcurrency: 5,
  };
  sources = await startEventSources({
    mappings: [mapping],
    invoker,
    aws,
    queueUrlOf: () => queue.url,
    log: noLog,
  });
}

const groupOf = (record: SqsEventRecord) => record.attributes.MessageGroupId;

/** Each group's bodies in the order the function was given them. */
function deliveredByGroup(invoker: FakeInvoker): Map<string, string[]> {
  const byGroup = new Map<string, string[]>();
  for (const record of invoker.batches<SqsEventRecord>().flat()) {
    byGroup.set(groupOf(record), [...(byGroup.get(groupOf(record)) ?? []), record.body]);
  }
  return byGroup;
}

describe('SQS FIFO event source (fauxqs)', () => {
  it("hands out no message of a group while an earlier one is in flight, and keeps each group's order", async () => {
    const queue = await createFifoQueue();
    const groups = ['a', 'b', 'c', 'd'];
    await sendInterleaved(queue.url, groups, 6);
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    const invoker = new FakeInvoker(async (call) => {
      const records = (call.event as { Records: SqsEventRecord[] }).Records;
      for (const group of new Set(records.map(groupOf))) {
        if (inFlight.has(group)) overlaps.push(group);
        inFlight.add(group);
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
      for (const record of records) inFlight.delete(groupOf(record));
      return succeed();
    });

    await start(invoker, queue);
    await invoker.waitForRecords(24);

    expect(overlaps).toEqual([]);
    for (const group of groups) {
      expect(deliveredByGroup(invoker).get(group)).toEqual(
        Array.from({ length: 6 }, (_, n) => `${group}-${n}`),
      );
    }
    const first = invoker.batches<SqsEventRecord>()[0][0];
    expect(first.attributes).toMatchObject({
      MessageGroupId: expect.any(String),
      MessageDeduplicationId: expect.any(String),
      SequenceNumber: expect.stringMatching(/^\d+$/),
    });
  });

  it('holds back the rest of a failed message’s group until it is retried, while other groups go on', async () => {
    const queue = await createFifoQueue();
    await sendInterleaved(queue.url, ['a', 'b'], 3);
    let failedOnce = false;
    const invoker = new FakeInvoker((call) => {
      const records = (call.event as { Records: SqsEventRecord[] }).Records;
      const failing = records.findIndex((record) => record.body === 'a-1');
      if (failing < 0 || failedOnce) return succeed();
      failedOnce = true;
      // As the poster reports it: the failed message and every later one of its group.
      return reportFailures(
        ...records
          .filter((record, index) => index >= failing && groupOf(record) === 'a')
          .map((r) => r.messageId),
      );
    });

    await start(invoker, queue);
    await invoker.waitForRecords(7);

    expect(deliveredByGroup(invoker).get('a')).toEqual(['a-0', 'a-1', 'a-1', 'a-2']);
    expect(deliveredByGroup(invoker).get('b')).toEqual(['b-0', 'b-1', 'b-2']);
    const retry = invoker
      .batches<SqsEventRecord>()
      .flat()
      .filter((record) => record.body === 'a-1')
      .map((record) => record.attributes.ApproximateReceiveCount);
    expect(retry).toEqual(['1', '2']);
    // Group b did not wait for a's visibility timeout.
    const order = invoker
      .batches<SqsEventRecord>()
      .flat()
      .map((record) => record.body);
    expect(order.indexOf('b-2')).toBeLessThan(order.lastIndexOf('a-1'));
  });
});
