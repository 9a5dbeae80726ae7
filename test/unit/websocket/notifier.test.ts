import './handler-env';
import 'aws-sdk-client-mock-jest';
import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { toPublicCheck, type StoredCheck } from '../../../lambda/domain/check';
import { toCloudEvent } from '../../../lambda/domain/cloud-event';
import { handler } from '../../../lambda/handlers/notifier';
import { aCheck, CHECK_ID, TENANT } from '../worker/fixtures';
import { context } from '../worker/lambda-events';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
const image = (check: StoredCheck) => marshall(check) as Image;

function streamRecord(
  sequenceNumber: string,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  newCheck: StoredCheck | undefined,
  oldCheck: StoredCheck | undefined,
): DynamoDBRecord {
  return {
    eventID: `event-${sequenceNumber}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: 1735689600,
      Keys: { id: { S: CHECK_ID } },
      ...(newCheck === undefined ? {} : { NewImage: image(newCheck) }),
      ...(oldCheck === undefined ? {} : { OldImage: image(oldCheck) }),
      SequenceNumber: sequenceNumber,
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/checks/stream/2025-01-01T00:00:00.000',
  };
}

const version = (v: number, overrides: Partial<StoredCheck> = {}) =>
  aCheck({ steps: 5 }, { version: v, progress: (v - 1) * 20, ...overrides });

/** The change from version v-1 to version v. */
const change = (sequenceNumber: string, v: number) =>
  streamRecord(sequenceNumber, 'MODIFY', version(v), version(v - 1));

const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

function postedTo(): [string | undefined, unknown][] {
  return api.commandCalls(PostToConnectionCommand).map((call) => {
    const { ConnectionId, Data } = call.args[0].input;
    return [ConnectionId, JSON.parse(String(Data))];
  });
}

function gone(): GoneException {
  return new GoneException({ message: 'Gone', $metadata: { httpStatusCode: 410 } });
}

beforeEach(() => {
  ddb.reset();
  api.reset();
});

describe('notifier handler', () => {
  it("posts the change's CloudEvent to every subscriber of the check's tenant", async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        { connectionId: 'a', tenant: TENANT },
        { connectionId: 'b', tenant: TENANT },
      ],
    });
    api.on(PostToConnectionCommand).resolves({});

    const response = await handler(streamEvent(change('100', 2)), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: 'connections',
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
  });

  it('never posts to a subscriber of another tenant', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        { connectionId: 'mine', tenant: TENANT },
        { connectionId: 'theirs', tenant: 'other' },
      ],
    });
    api.on(PostToConnectionCommand).resolves({});

    await expect(handler(streamEvent(change('100', 2)), context)).resolves.toEqual({ batchItemFailures: [] });
    expect(postedTo().map(([connectionId]) => connectionId)).toEqual(['mine']);
  });

  it('announces a created check and a finished one with their event types', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ connectionId: 'a', tenant: TENANT }] });
    api.on(PostToConnectionCommand).resolves({});
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

  it('ignores removals and writes that kept the version', async () => {
    const response = await handler(
      streamEvent(
        streamRecord('100', 'REMOVE', undefined, version(3)),
        streamRecord('101', 'MODIFY', version(3, { expiresAt: 1 }), version(3)),
      ),
      context,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(api).not.toHaveReceivedAnyCommand();
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
    api.on(PostToConnectionCommand).resolves({});
    api.on(PostToConnectionCommand, { ConnectionId: 'gone' }).rejects(gone());

    const response = await handler(streamEvent(change('100', 2)), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: {
        connections: [
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

  it('reports a failed post, and every later record untried, so nothing is delivered out of order', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ connectionId: 'a', tenant: TENANT }] });
    api.on(PostToConnectionCommand).resolves({});
    api
      .on(PostToConnectionCommand, { Data: JSON.stringify(toCloudEvent(toPublicCheck(version(3)))) })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException' }));

    const response = await handler(
      streamEvent(change('100', 2), change('101', 3), change('102', 4), change('103', 5)),
      context,
    );

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: '101' }, { itemIdentifier: '102' }, { itemIdentifier: '103' }],
    });
    expect(postedTo().map(([, event]) => (event as { id: string }).id)).toEqual([
      `${CHECK_ID}:2`,
      `${CHECK_ID}:3`,
    ]);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 2);
  });

  it('reports the whole batch when the first record fails, instead of throwing', async () => {
    ddb.on(QueryCommand).rejects(new Error('table unavailable'));

    const response = await handler(streamEvent(change('100', 2), change('101', 3)), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }, { itemIdentifier: '101' }] });
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);
  });

  it('processes records one at a time, in stream order', async () => {
    const order: string[] = [];
    ddb.on(QueryCommand).resolves({ Items: [{ connectionId: 'a', tenant: TENANT }] });
    api.on(PostToConnectionCommand).callsFake(async ({ Data }: { Data: string }) => {
      const { id } = JSON.parse(Data) as { id: string };
      order.push(`start ${id}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`end ${id}`);
      return {};
    });

    await handler(streamEvent(change('100', 2), change('101', 3)), context);

    expect(order).toEqual([
      `start ${CHECK_ID}:2`,
      `end ${CHECK_ID}:2`,
      `start ${CHECK_ID}:3`,
      `end ${CHECK_ID}:3`,
    ]);
  });
});
