import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  paginateQuery,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  Connection,
  ConnectionStore,
  ConnectionSubscription,
  Subscriber,
  SubscriberPage,
} from './connections';
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
 * The queued-mode mark's sort key: `#` sorts before `CONN#`, so a Query of the check reads
 * it in its first page, and it is no `CONN#` item that a connection's cleanup would look for.
 */
const QUEUED_MARK = '#QUEUED';

interface CheckItem {
  readonly sk: string;
  readonly connectionId?: string;
  readonly tenant?: string;
  readonly expiresAt?: number;
}

/**
 * One table, three kinds of item, so that both questions are a Query, never a Scan:
 * - `CONN#<connection>` / `META`: the connection and its tenant;
 * - `CHECK#<check>` / `CONN#<connection>`: who listens to a check (the notifier's question);
 * - `CONN#<connection>` / `SUB#<check>`: what a connection listens to (the cleanup's question);
 * - `CHECK#<check>` / `#QUEUED`: the check's changes go through the fan-out queue, until it expires.
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

  async *subscriberPages(checkId: string): AsyncIterable<SubscriberPage> {
    // Consistent: a subscription written just before a change must see that change's event.
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': checkPk(checkId) },
        ProjectionExpression: 'sk, connectionId, tenant, expiresAt',
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      const subscribers: Subscriber[] = [];
      let queuedUntil: number | undefined;
      for (const { sk, connectionId, tenant, expiresAt } of (page.Items ?? []) as CheckItem[]) {
        if (sk === QUEUED_MARK) queuedUntil = expiresAt;
        else if (connectionId !== undefined && tenant !== undefined)
          subscribers.push({ connectionId, tenant });
      }
      yield queuedUntil === undefined ? { subscribers } : { subscribers, queuedUntil };
    }
  }

  async markQueued(checkId: string, until: number): Promise<void> {
    // The table's TTL deletes it some time after `until`; readers compare `until` themselves.
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: checkPk(checkId), sk: QUEUED_MARK, expiresAt: until },
      }),
    );
  }

  private queryAll<T>(input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
    return queryAll<T>(this.client, { ...input, TableName: this.tableName });
  }
}
