import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { getEventListeners } from 'node:events';
import type { FauxqsServer } from 'fauxqs';
import type { SandboxAws } from '../../../sandbox/platform/aws-environment';
import { compileFilterCriteria } from '../../../sandbox/event-source-mappings/event-filter';
import type { QueueMapping } from '../../../sandbox/event-source-mappings/event-source-mapping';
import type { SqsEventRecord } from '../../../sandbox/event-source-mappings/queue-record-event';
import {
  startEventSources,
  type RunningEventSources,
} from '../../../sandbox/event-source-mappings/start-event-sources';
import { noLog, sandboxAws, startSqs } from './support/engines';
import { fail, FakeInvoker, reportFailures, succeed } from './support/fake-invoker';

jest.setTimeout(60_000);

const FUNCTION_NAME = 'arn:aws:lambda:us-east-1:000000000000:function:worker';
/** Seconds: short, so the failed messages come back quickly. */
const VISIBILITY_TIMEOUT = 1;
const MAX_RECEIVE_COUNT = 2;

let server: FauxqsServer;
let aws: SandboxAws;
let sqs: SQSClient;
const queueUrls = new Map<string, string>();
const running: RunningEventSources[] = [];
let queues = 0;

beforeAll(async () => {
  server = await startSqs();
  aws = sandboxAws({ sqs: `http://127.0.0.1:${server.port}` });
  sqs = new SQSClient({ region: aws.region, credentials: aws.credentials, endpoint: aws.endpoints.sqs });
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((sources) => sources.stop()));
});

afterAll(async () => {
  sqs?.destroy();
  await server?.stop();
});

interface TestQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

async function createQueue(name: string, attributes: Record<string, string> = {}): Promise<TestQueue> {
  const { QueueUrl: url } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  const { Attributes: read } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const queue = { name, url: url as string, arn: read?.QueueArn as string };
  queueUrls.set(queue.arn, queue.url);
  return queue;
}

/** A jobs queue with a short visibility timeout whose messages move to a DLQ after MAX_RECEIVE_COUNT receives. */
async function createQueueWithDeadLetterQueue(): Promise<{ source: TestQueue; deadLetters: TestQueue }> {
  queues += 1;
  const deadLetters = await createQueue(`jobs-dlq-${queues}`);
  const source = await createQueue(`jobs-${queues}`, {
    VisibilityTimeout: String(VISIBILITY_TIMEOUT),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: deadLetters.arn,
      maxReceiveCount: MAX_RECEIVE_COUNT,
    }),
  });
  return { source, deadLetters };
}

function queueMapping(queueArn: string, settings: Partial<QueueMapping> = {}): QueueMapping {
  return {
    kind: 'sqs',
    logicalId: 'WorkerMapping',
    eventSourceArn: queueArn,
    functionName: FUNCTION_NAME,
    enabled: true,
    batchSize: 10,
    maximumBatchingWindowInSeconds: 0,
    reportBatchItemFailures: true,
    filter: undefined,
    maximumConcurrency: 2,
    ...settings,
  };
}

async function start(invoker: FakeInvoker, mapping: QueueMapping): Promise<RunningEventSources> {
  const sources = await startEventSources({
    mappings: [mapping],
    invoker,
    aws,
    queueUrlOf: (arn) => queueUrls.get(arn) as string,
    log: noLog,
  });
  running.push(sources);
  return sources;
}

async function send(
  queue: TestQueue,
  body: string,
  attributes: Record<string, string> = {},
): Promise<string> {
  const { MessageId: id } = await sqs.send(
    new SendMessageCommand({
      QueueUrl: queue.url,
      MessageBody: body,
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
      ),
    }),
  );
  return id as string;
}

async function receiveAll(queue: TestQueue): Promise<Message[]> {
  const { Messages: messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 5 }),
  );
  return messages;
}

/** Messages still in the queue, visible or in flight, without receiving them. */
function messagesLeft(queue: TestQueue): number {
  const inspected = server.inspectQueue(queue.name);
  if (inspected === undefined) throw new Error(`No queue ${queue.name}`);
  const { ready, delayed, inflight } = inspected.messages;
  return ready.length + delayed.length + inflight.length;
}

/** Resolves once the queue holds no message; fails the test when one stays. */
async function waitUntilEmpty(queue: TestQueue): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (messagesLeft(queue) > 0) {
    if (Date.now() > deadline) throw new Error(`${queue.name} still holds ${messagesLeft(queue)} messages`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const bodies = (records: readonly SqsEventRecord[]): string[] => records.map((record) => record.body).sort();

describe('SQS event source (fauxqs)', () => {
  it('sends the §5 event, deletes the successes of a partial failure, and the failure reaches the DLQ', async () => {
    const { source, deadLetters } = await createQueueWithDeadLetterQueue();
    const ids = new Map<string, string>();
    for (const body of ['good-1', 'bad', 'good-2']) ids.set(body, await send(source, body, { tenant: 't1' }));
    const invoker = new FakeInvoker((call) => {
      const records = (call.event as { Records: SqsEventRecord[] }).Records;
      const bad = records.filter((record) => record.body === 'bad').map((record) => record.messageId);
      return reportFailures(...bad);
    });
    await start(invoker, queueMapping(source.arn));

    await invoker.waitForCalls(2);
    const [first, second] = invoker.batches<SqsEventRecord>();
    expect(bodies(first)).toEqual(['bad', 'good-1', 'good-2']);
    expect(invoker.calls[0].functionRef).toBe(FUNCTION_NAME);
    const good = first.find((record) => record.body === 'good-1');
    expect(good).toEqual({
      messageId: ids.get('good-1'),
      receiptHandle: expect.any(String),
      body: 'good-1',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d{13}$/),
        SenderId: expect.any(String),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      },
      messageAttributes: {
        tenant: { stringValue: 't1', stringListValues: [], binaryListValues: [], dataType: 'String' },
      },
      md5OfBody: '32af76acfcd991139f2f408056b4ec80',
      eventSource: 'aws:sqs',
      eventSourceARN: source.arn,
      awsRegion: aws.region,
    });

    // After the visibility timeout only the reported message comes back, received a second time.
    expect(second.map((record) => [record.body, record.attributes.ApproximateReceiveCount])).toEqual([
      ['bad', '2'],
    ]);

    // Its third receive exceeds maxReceiveCount: fauxqs moves it to the DLQ instead of delivering it.
    const dead = await receiveAll(deadLetters);
    expect(dead.map((message) => [message.MessageId, message.Body])).toEqual([[ids.get('bad'), 'bad']]);
    expect(invoker.calls).toHaveLength(2);
    await waitUntilEmpty(source);
  });

  it('deletes nothing when the function throws, so the whole batch comes back', async () => {
    const { source } = await createQueueWithDeadLetterQueue();
    for (const body of ['one', 'two']) await send(source, body);
    const invoker = new FakeInvoker((_call, index) => (index === 0 ? fail() : succeed()));
    await start(invoker, queueMapping(source.arn));

    await invoker.waitForCalls(2);
    const [first, second] = invoker.batches<SqsEventRecord>();
    expect(bodies(first)).toEqual(['one', 'two']);
    expect(bodies(second)).toEqual(['one', 'two']);
    expect(second.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['2', '2']);
    await waitUntilEmpty(source);
  });

  it('deletes nothing after a malformed partial response', async () => {
    const { source } = await createQueueWithDeadLetterQueue();
    await send(source, 'only');
    const invoker = new FakeInvoker((_call, index) =>
      index === 0 ? { ok: true, payload: { batchItemFailures: [{ itemIdentifier: '' }] } } : succeed(),
    );
    await start(invoker, queueMapping(source.arn));

    await invoker.waitForCalls(2);
    expect(
      invoker.batches<SqsEventRecord>()[1].map((record) => record.attributes.ApproximateReceiveCount),
    ).toEqual(['2']);
  });

  it('drops the messages its filter rejects, without invoking the function for them', async () => {
    const { source } = await createQueueWithDeadLetterQueue();
    await send(source, JSON.stringify({ type: 'check.done' }));
    await send(source, JSON.stringify({ type: 'check.progress' }));
    await send(source, 'not json');
    const filter = compileFilterCriteria([JSON.stringify({ body: { type: ['check.done'] } })]);
    const invoker = new FakeInvoker(succeed);
    await start(invoker, queueMapping(source.arn, { filter }));

    await invoker.waitForRecords(1);
    expect(
      invoker
        .batches<SqsEventRecord>()
        .flat()
        .map((record) => record.body),
    ).toEqual([JSON.stringify({ type: 'check.done' })]);
    await waitUntilEmpty(source);
  });

  it('gathers a batch over the batching window up to BatchSize', async () => {
    queues += 1;
    // A visibility timeout longer than the window, or a gathered message comes back into its own batch.
    const source = await createQueue(`batched-${queues}`, { VisibilityTimeout: '30' });
    const invoker = new FakeInvoker(succeed);
    // One poller, so that the messages are not shared between batches gathered at once.
    await start(
      invoker,
      queueMapping(source.arn, { batchSize: 3, maximumBatchingWindowInSeconds: 2, maximumConcurrency: 1 }),
    );

    await send(source, 'a');
    await send(source, 'b');
    await send(source, 'c');
    await send(source, 'd');
    await invoker.waitForRecords(4);
    expect(
      invoker
        .batches<SqsEventRecord>()
        .map((batch) => batch.length)
        .sort(),
    ).toEqual([1, 3]);
  });

  it('stops its long polls at once and leaves nothing polling', async () => {
    const { source } = await createQueueWithDeadLetterQueue();
    const invoker = new FakeInvoker(succeed);
    const sources = await start(invoker, queueMapping(source.arn, { maximumConcurrency: 5 }));
    await sources.stop();

    await send(source, 'after-stop');
    await expect(receiveAll(source)).resolves.toHaveLength(1);
    expect(invoker.calls).toHaveLength(0);
  });

  // Node warns of a leak past ten abort listeners on one signal; twenty pollers waiting at once are none.
  it('long-polls with twenty pollers, no signal of theirs holding a listener per poller', async () => {
    const { source } = await createQueueWithDeadLetterQueue();
    const addListener = jest.spyOn(EventTarget.prototype, 'addEventListener');
    try {
      const mapping = queueMapping(source.arn, { maximumConcurrency: 20 });
      const sources = await start(new FakeInvoker(succeed), mapping);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const listened = addListener.mock.contexts.filter(
        (_, call) => addListener.mock.calls[call][0] === 'abort',
      );
      const counts = [...new Set(listened)].map((signal) => getEventListeners(signal, 'abort').length);
      await sources.stop();
      expect(counts.length).toBeGreaterThanOrEqual(20);
      expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    } finally {
      addListener.mockRestore();
    }
  });
});
