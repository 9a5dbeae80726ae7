import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { newConnection, subscriptionOf, type SubscriberPage } from '../../../lambda/websocket/connections';
import { DynamoConnectionStore } from '../../../lambda/websocket/dynamo-connection-store';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../sandbox/dynamodb/dynamodb-local';

const TABLE = 'connections';
const NOW = new Date('2026-01-01T00:00:00Z');

let local: DynamoDbLocal;
let client: DynamoDBDocumentClient;
let store: DynamoConnectionStore;

beforeAll(async () => {
  local = await startDynamoDbLocal({ port: 0, host: '127.0.0.1', log: () => undefined });
  client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: local.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'x' },
    }),
  );
  // The key schema of WebSocketNotifications' connections table.
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  store = new DynamoConnectionStore(client, TABLE);
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

async function pagesOf(checkId: string): Promise<SubscriberPage[]> {
  const pages: SubscriberPage[] = [];
  for await (const page of store.subscriberPages(checkId)) pages.push(page);
  return pages;
}

describe('DynamoConnectionStore on DynamoDB Local', () => {
  it('reads the queued mark in the first page and never as a subscriber, and $disconnect leaves it alone', async () => {
    // Every subscriber's sort key is `CONN#<id>`, after `#QUEUED` in byte order whatever the id.
    const ids = ['!early=', 'AAA=', 'zzz=', '~late='];
    for (const id of ids) {
      const connection = newConnection(id, 'acme', NOW);
      await store.add(connection);
      await store.subscribe(subscriptionOf(connection, 'k1'));
    }
    await store.markQueued('k1', 1_800_000_000);

    const [first, ...rest] = await pagesOf('k1');
    expect(rest).toEqual([]);
    expect(first.queuedUntil).toBe(1_800_000_000);
    expect(first.subscribers.map(({ connectionId }) => connectionId).sort()).toEqual([...ids].sort());

    await store.remove('AAA=');
    await store.remove('!early=');

    const [after] = await pagesOf('k1');
    expect(after).toEqual({
      subscribers: [
        { connectionId: 'zzz=', tenant: 'acme' },
        { connectionId: '~late=', tenant: 'acme' },
      ],
      queuedUntil: 1_800_000_000,
    });
    const { Item: mark } = await client.send(
      new GetCommand({ TableName: TABLE, Key: { pk: 'CHECK#k1', sk: '#QUEUED' } }),
    );
    expect(mark).toEqual({ pk: 'CHECK#k1', sk: '#QUEUED', expiresAt: 1_800_000_000 });
  });

  it('reads a check without a mark as not queued', async () => {
    const connection = newConnection('solo=', 'acme', NOW);
    await store.add(connection);
    await store.subscribe(subscriptionOf(connection, 'k2'));

    await expect(pagesOf('k2')).resolves.toEqual([
      { subscribers: [{ connectionId: 'solo=', tenant: 'acme' }] },
    ]);
    await expect(pagesOf('nobody')).resolves.toEqual([{ subscribers: [] }]);
  });
});
