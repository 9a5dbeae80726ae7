import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Connection, ConnectionStore, Subscriber, ConnectionSubscription } from './connections';
import { deleteKeys, queryAll } from '../shared/dynamo-batch';

interface Key extends Record<string, string> {
  readonly pk: string;
  readonly sk: string;
}

const META = 'META';
const connectionPk = (connectionId: string) => `CONN#${connectionId}`;
const checkPk = (checkId: string) => `CHECK#${checkId}`;
const SUBSCRIPTION_PREFIX = 'SUB#';

/**
 * One table, three kinds of item, so that both questions are a Query, never a Scan:
 * - `CONN#<connection>` / `META`: the connection and its tenant;
 * - `CHECK#<check>` / `CONN#<connection>`: who listens to a check (the notifier's question);
 * - `CONN#<connection>` / `SUB#<check>`: what a connection listens to (the cleanup's question).
 */
export class DynamoConnectionStore implements ConnectionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly pause: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async add(connection: Connection): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: connectionPk(connection.connectionId), sk: META, ...connection },
      }),
    );
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    // Consistent: a client may send its first message right after $connect wrote the item.
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: connectionPk(connectionId), sk: META },
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) return undefined;
    const { tenant, connectedAt, expiresAt } = Item as Connection;
    return { connectionId, tenant, connectedAt, expiresAt };
  }

  async remove(connectionId: string): Promise<void> {
    const items = await this.queryAll<Key>({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': connectionPk(connectionId) },
      ProjectionExpression: 'pk, sk',
    });
    const keys: Key[] = [];
    for (const { pk, sk } of items) {
      keys.push({ pk, sk });
      if (sk.startsWith(SUBSCRIPTION_PREFIX)) {
        keys.push({ pk: checkPk(sk.slice(SUBSCRIPTION_PREFIX.length)), sk: connectionPk(connectionId) });
      }
    }
    await deleteKeys(this.client, this.tableName, keys, 'connection items', this.pause);
  }

  async subscribe(subscription: ConnectionSubscription): Promise<void> {
    const { connectionId, checkId, tenant, expiresAt } = subscription;
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                pk: checkPk(checkId),
                sk: connectionPk(connectionId),
                connectionId,
                checkId,
                tenant,
                expiresAt,
              },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                pk: connectionPk(connectionId),
                sk: `${SUBSCRIPTION_PREFIX}${checkId}`,
                checkId,
                expiresAt,
              },
            },
          },
        ],
      }),
    );
  }

  async unsubscribe(connectionId: string, checkId: string): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: this.tableName,
              Key: { pk: checkPk(checkId), sk: connectionPk(connectionId) },
            },
          },
          {
            Delete: {
              TableName: this.tableName,
              Key: { pk: connectionPk(connectionId), sk: `${SUBSCRIPTION_PREFIX}${checkId}` },
            },
          },
        ],
      }),
    );
  }

  async subscribersOf(checkId: string): Promise<Subscriber[]> {
    // Consistent: a subscription written just before a change must see that change's event.
    const items = await this.queryAll<Subscriber>({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': checkPk(checkId) },
      ProjectionExpression: 'connectionId, tenant',
      ConsistentRead: true,
    });
    return items.map(({ connectionId, tenant }) => ({ connectionId, tenant }));
  }

  private queryAll<T>(input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
    return queryAll<T>(this.client, { ...input, TableName: this.tableName });
  }
}
