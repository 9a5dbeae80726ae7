import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { newConnection, subscriptionOf } from '../../../lambda/websocket/connections';
import { documentClient } from '../../../lambda/shared/dynamo';
import { DynamoConnectionStore } from '../../../lambda/websocket/dynamo-connection-store';

const ddb = mockClient(DynamoDBDocumentClient);
const pauses: number[] = [];
const store = new DynamoConnectionStore(documentClient, 'connections', async (ms) => {
  pauses.push(ms);
});
const CONNECTION = newConnection('c1=', 'acme', new Date('2025-01-01T00:00:00.000Z'));

function deletedKeys(): unknown[] {
  return ddb
    .commandCalls(BatchWriteCommand)
    .flatMap((call) => call.args[0].input.RequestItems?.connections ?? [])
    .map((request) => request.DeleteRequest?.Key);
}

beforeEach(() => {
  ddb.reset();
  pauses.length = 0;
});

describe('DynamoConnectionStore', () => {
  it('stores a connection under CONN#<id> / META', async () => {
    ddb.on(PutCommand).resolves({});

    await store.add(CONNECTION);

    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'connections',
      Item: {
        pk: 'CONN#c1=',
        sk: 'META',
        connectionId: 'c1=',
        tenant: 'acme',
        connectedAt: '2025-01-01T00:00:00.000Z',
        expiresAt: CONNECTION.expiresAt,
      },
    });
  });

  it('reads a connection consistently, without its keys', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'CONN#c1=', sk: 'META', ...CONNECTION } });

    await expect(store.get('c1=')).resolves.toEqual(CONNECTION);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: 'connections',
      Key: { pk: 'CONN#c1=', sk: 'META' },
      ConsistentRead: true,
    });
  });

  it('answers undefined for an unknown connection', async () => {
    ddb.on(GetCommand).resolves({});

    await expect(store.get('nope')).resolves.toBeUndefined();
  });

  it('writes both subscription items in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await store.subscribe(subscriptionOf(CONNECTION, 'k1'));

    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: [
        {
          Put: {
            TableName: 'connections',
            Item: {
              pk: 'CHECK#k1',
              sk: 'CONN#c1=',
              connectionId: 'c1=',
              checkId: 'k1',
              tenant: 'acme',
              expiresAt: CONNECTION.expiresAt,
            },
          },
        },
        {
          Put: {
            TableName: 'connections',
            Item: { pk: 'CONN#c1=', sk: 'SUB#k1', checkId: 'k1', expiresAt: CONNECTION.expiresAt },
          },
        },
      ],
    });
  });

  it('deletes both subscription items in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await store.unsubscribe('c1=', 'k1');

    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: [
        { Delete: { TableName: 'connections', Key: { pk: 'CHECK#k1', sk: 'CONN#c1=' } } },
        { Delete: { TableName: 'connections', Key: { pk: 'CONN#c1=', sk: 'SUB#k1' } } },
      ],
    });
  });

  it("reads a check's subscribers consistently, a page at a time, the queued mark apart", async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          { sk: '#QUEUED', expiresAt: 1_700_000_000 },
          { sk: 'CONN#a', connectionId: 'a', tenant: 'acme' },
        ],
        LastEvaluatedKey: { pk: 'CHECK#k1', sk: 'CONN#a' },
      })
      .resolves({ Items: [{ sk: 'CONN#b', connectionId: 'b', tenant: 'other' }] });

    const pages = [];
    for await (const page of store.subscriberPages('k1')) {
      pages.push(page);
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, pages.length);
    }

    expect(pages).toEqual([
      { subscribers: [{ connectionId: 'a', tenant: 'acme' }], queuedUntil: 1_700_000_000 },
      { subscribers: [{ connectionId: 'b', tenant: 'other' }] },
    ]);
    expect(ddb).toHaveReceivedNthCommandWith(1, QueryCommand, {
      TableName: 'connections',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'CHECK#k1' },
      ConsistentRead: true,
    });
    expect(ddb).toHaveReceivedNthCommandWith(2, QueryCommand, {
      ExclusiveStartKey: { pk: 'CHECK#k1', sk: 'CONN#a' },
    });
    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
  });

  it('marks a check queued with an item that sorts before its subscribers and expires', async () => {
    ddb.on(PutCommand).resolves({});

    await store.markQueued('k1', 1_700_000_000);

    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'connections',
      Item: { pk: 'CHECK#k1', sk: '#QUEUED', expiresAt: 1_700_000_000 },
    });
    expect('#QUEUED' < 'CONN#').toBe(true);
  });

  it('removes a connection, its reverse index and every CHECK# item it subscribed', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          { pk: 'CONN#c1=', sk: 'META' },
          { pk: 'CONN#c1=', sk: 'SUB#k1' },
        ],
        LastEvaluatedKey: { pk: 'CONN#c1=', sk: 'SUB#k1' },
      })
      .resolves({ Items: [{ pk: 'CONN#c1=', sk: 'SUB#k2' }] });
    ddb.on(BatchWriteCommand).resolves({});

    await store.remove('c1=');

    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CONN#c1=' } });
    expect(deletedKeys()).toEqual([
      { pk: 'CONN#c1=', sk: 'META' },
      { pk: 'CONN#c1=', sk: 'SUB#k1' },
      { pk: 'CHECK#k1', sk: 'CONN#c1=' },
      { pk: 'CONN#c1=', sk: 'SUB#k2' },
      { pk: 'CHECK#k2', sk: 'CONN#c1=' },
    ]);
  });

  it('removes nothing for an unknown connection', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    await store.remove('nope');

    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
  });

  it('deletes in batches of 25', async () => {
    const subscriptions = Array.from({ length: 20 }, (_, i) => ({ pk: 'CONN#c1=', sk: `SUB#k${i}` }));
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'CONN#c1=', sk: 'META' }, ...subscriptions] });
    ddb.on(BatchWriteCommand).resolves({});

    await store.remove('c1=');

    const sizes = ddb
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.connections?.length);
    expect(sizes).toEqual([25, 16]);
  });

  it('retries unprocessed deletes with a growing pause', async () => {
    const left = [{ DeleteRequest: { Key: { pk: 'CONN#c1=', sk: 'META' } } }];
    ddb.on(QueryCommand).resolves({
      Items: [
        { pk: 'CONN#c1=', sk: 'META' },
        { pk: 'CONN#c1=', sk: 'SUB#k1' },
      ],
    });
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { connections: left } })
      .resolvesOnce({ UnprocessedItems: { connections: left } })
      .resolves({ UnprocessedItems: {} });

    await store.remove('c1=');

    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 3);
    expect(ddb).toHaveReceivedNthCommandWith(3, BatchWriteCommand, { RequestItems: { connections: left } });
    expect(pauses).toEqual([100, 200]);
  });

  it('fails loudly when deletes stay unprocessed', async () => {
    const left = [{ DeleteRequest: { Key: { pk: 'CONN#c1=', sk: 'META' } } }];
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'CONN#c1=', sk: 'META' }] });
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { connections: left } });

    await expect(store.remove('c1=')).rejects.toThrow(
      '1 connection items were still unprocessed after 5 attempts',
    );
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 5);
  });
});
