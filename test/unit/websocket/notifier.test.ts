import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { toPublicCheck, type StoredCheck } from '../../../lambda/checks/check';
import { toCloudEvent } from '../../../lambda/shared/cloud-event';
import { handler } from '../../../lambda/websocket/notifier';
import { context, streamEvent, streamRecord } from '../support/lambda-events';
import { CHECK_ID, storedCheck, TENANT } from '../support/checks';
import { ENV } from '../env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);

const version = (v: number, overrides: Partial<StoredCheck> = {}) =>
  storedCheck({ job: { steps: 5 }, version: v, progress: (v - 1) * 20, ...overrides });

/** The change from version v-1 to version v. */
const change = (sequenceNumber: string, v: number) =>
  streamRecord(sequenceNumber, 'MODIFY', version(v), version(v - 1));

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

  it('reports a record whose post failed, so it is retried', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ connectionId: 'a', tenant: TENANT }] });
    api
      .on(PostToConnectionCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException' }));

    const response = await handler(streamEvent(change('100', 2)), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
  });
});
