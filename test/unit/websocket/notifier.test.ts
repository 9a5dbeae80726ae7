import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { toPublicCheck, type StoredCheck } from '../../../lambda/checks/check';
import { toCloudEvent } from '../../../lambda/shared/cloud-event';
import { context, streamEvent, streamRecord } from '../support/lambda-events';
import { CHECK_ID, storedCheck, TENANT } from '../support/checks';
import { ENV } from '../env';
import { startRecordingServer, type RecordingServer } from './recording-server';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let api: RecordingServer;
let handler: (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

const version = (v: number, overrides: Partial<StoredCheck> = {}) =>
  storedCheck({ job: { steps: 5 }, version: v, progress: (v - 1) * 20, ...overrides });

/** The change from version v-1 to version v. */
const change = (sequenceNumber: string, v: number) =>
  streamRecord(sequenceNumber, 'MODIFY', version(v), version(v - 1));

const connectionIdOf = (url: string) => decodeURIComponent(url.split('/@connections/')[1] ?? '');

function postedTo(): [string, unknown][] {
  return api.requests.map(({ url, body }) => [connectionIdOf(url), JSON.parse(body)]);
}

beforeAll(async () => {
  api = await startRecordingServer();
  // The handler reads its callback URL when its module loads: it must name the local endpoint first.
  process.env.WEBSOCKET_CALLBACK_URL = `${api.url}/prod`;
  ({ handler } = await import('../../../lambda/websocket/notifier'));
});
afterAll(async () => {
  process.env.WEBSOCKET_CALLBACK_URL = ENV.WEBSOCKET_CALLBACK_URL;
  await api.close();
});
beforeEach(() => {
  ddb.reset();
  sqs.reset();
  api.requests.length = 0;
  api.script();
});

describe('notifier handler', () => {
  it("posts the change's CloudEvent to every subscriber of the check's tenant, signed", async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        { connectionId: 'a', tenant: TENANT },
        { connectionId: 'b', tenant: TENANT },
      ],
    });

    const response = await handler(streamEvent(change('100', 2)), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: ENV.CONNECTIONS_TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CHECK#${CHECK_ID}` },
      ConsistentRead: true,
    });
    const event = toCloudEvent(toPublicCheck(version(2)));
    expect(event.type).toBe('check.progress');
    expect(postedTo().sort()).toEqual([
      ['a', event],
      ['b', event],
    ]);
    expect(api.requests.map(({ url }) => url).sort()).toEqual([
      '/prod/@connections/a',
      '/prod/@connections/b',
    ]);
    expect(api.requests[0].headers.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${ENV.AWS_ACCESS_KEY_ID}/\\d{8}/${ENV.AWS_REGION}/execute-api/`,
      ),
    );
  });

  it('never posts to a subscriber of another tenant', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        { connectionId: 'mine', tenant: TENANT },
        { connectionId: 'theirs', tenant: 'other' },
      ],
    });

    await expect(handler(streamEvent(change('100', 2)), context)).resolves.toEqual({ batchItemFailures: [] });
    expect(postedTo().map(([connectionId]) => connectionId)).toEqual(['mine']);
  });

  it('announces a created check and a finished one with their event types', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ connectionId: 'a', tenant: TENANT }] });
    const done = version(6, { status: 'done', progress: 100, result: { message: 'ok' } });

    await handler(
      streamEvent(
        streamRecord('100', 'INSERT', version(1), undefined),
        streamRecord('101', 'MODIFY', done, version(5)),
      ),
      context,
    );

    expect(postedTo().map(([, event]) => (event as { type: string }).type)).toEqual([
      'check.created',
      'check.done',
    ]);
  });

  it('deletes a gone connection, all its items, and counts the record as delivered', async () => {
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `CHECK#${CHECK_ID}` } }).resolves({
      Items: [
        { connectionId: 'alive', tenant: TENANT },
        { connectionId: 'gone', tenant: TENANT },
      ],
    });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CONN#gone' } }).resolves({
      Items: [
        { pk: 'CONN#gone', sk: 'META' },
        { pk: 'CONN#gone', sk: `SUB#${CHECK_ID}` },
      ],
    });
    ddb.on(BatchWriteCommand).resolves({});
    api.respond(({ url }) =>
      connectionIdOf(url) === 'gone'
        ? { status: 410, headers: { 'x-amzn-ErrorType': 'GoneException' }, body: '{}' }
        : { status: 200 },
    );

    const response = await handler(streamEvent(change('100', 2)), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: {
        [ENV.CONNECTIONS_TABLE_NAME]: [
          { DeleteRequest: { Key: { pk: 'CONN#gone', sk: 'META' } } },
          { DeleteRequest: { Key: { pk: 'CONN#gone', sk: `SUB#${CHECK_ID}` } } },
          { DeleteRequest: { Key: { pk: `CHECK#${CHECK_ID}`, sk: 'CONN#gone' } } },
        ],
      },
    });
    expect(ddb).not.toHaveReceivedCommandWith(QueryCommand, {
      ExpressionAttributeValues: { ':pk': 'CONN#alive' },
    });
  });

  it('reports a record whose post was refused, so it is retried', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ connectionId: 'a', tenant: TENANT }] });
    api.respond(() => ({
      status: 403,
      headers: { 'x-amzn-ErrorType': 'ForbiddenException' },
      body: JSON.stringify({ message: 'Forbidden' }),
    }));

    const response = await handler(streamEvent(change('100', 2)), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
  });

  it('queues a change with more subscribers than the inline limit, in shards, after marking the check', async () => {
    const subscribers = ['a', 'b', 'c', 'd', 'e'];
    ddb.on(QueryCommand).resolves({
      Items: subscribers.map((connectionId) => ({
        sk: `CONN#${connectionId}`,
        connectionId,
        tenant: TENANT,
      })),
    });
    ddb.on(PutCommand).resolves({});
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });

    const response = await handler(streamEvent(change('100', 2)), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(api.requests).toEqual([]);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: ENV.CONNECTIONS_TABLE_NAME,
      Item: { pk: `CHECK#${CHECK_ID}`, sk: '#QUEUED', expiresAt: expect.any(Number) },
    });
    const entries = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap((call) => call.args[0].input.Entries ?? []);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: ENV.FANOUT_QUEUE_URL });
    const event = toCloudEvent(toPublicCheck(version(2)));
    const queued = entries.flatMap((entry) => {
      const post = JSON.parse(entry.MessageBody ?? '') as { data: string; connectionIds: string[] };
      expect(JSON.parse(post.data)).toEqual(event);
      expect(post.connectionIds.length).toBeLessThanOrEqual(Number(ENV.FANOUT_SHARD_SIZE));
      expect(entry.MessageGroupId).toMatch(new RegExp(`^${CHECK_ID}#[0-3]$`));
      expect(entry.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
      return post.connectionIds;
    });
    expect(queued.sort()).toEqual(subscribers);
  });

  it('reports a record whose fan-out messages the queue refused, so it is retried', async () => {
    ddb.on(QueryCommand).resolves({
      Items: ['a', 'b', 'c', 'd'].map((connectionId) => ({ connectionId, tenant: TENANT })),
    });
    ddb.on(PutCommand).resolves({});
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: '0', Code: 'InternalError', Message: 'try again', SenderFault: false }],
    });

    const response = await handler(streamEvent(change('100', 2)), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
  });
});
