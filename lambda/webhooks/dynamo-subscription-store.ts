import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { SubscriptionKey, SubscriptionStore, WebhookSubscription } from './subscription';
import { queryAll } from '../shared/dynamo-batch';

export interface DynamoSubscriptionStoreProps {
  readonly tableName: string;
  /** The GSI on `subscriptionArn` (keys only); needed by `findByArn` alone. */
  readonly arnIndexName?: string;
}

/** Subscriptions keyed by `tenant` then `id`: every read names the tenant, so none crosses tenants. */
export class DynamoSubscriptionStore implements SubscriptionStore {
  private readonly tableName: string;
  private readonly arnIndexName: string | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    { tableName, arnIndexName }: DynamoSubscriptionStoreProps,
  ) {
    this.tableName = tableName;
    this.arnIndexName = arnIndexName;
  }

  async put(subscription: WebhookSubscription): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: subscription }));
  }

  async get(tenant: string, id: string): Promise<WebhookSubscription | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { tenant, id }, ConsistentRead: true }),
    );
    return Item as WebhookSubscription | undefined;
  }

  list(tenant: string): Promise<WebhookSubscription[]> {
    return queryAll<WebhookSubscription>(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#tenant = :tenant',
      ExpressionAttributeNames: { '#tenant': 'tenant' },
      ExpressionAttributeValues: { ':tenant': tenant },
    });
  }

  async delete(tenant: string, id: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { tenant, id } }));
  }

  async findByArn(subscriptionArn: string): Promise<SubscriptionKey | undefined> {
    if (this.arnIndexName === undefined) {
      throw new Error('DynamoSubscriptionStore needs arnIndexName to find subscriptions by ARN');
    }
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: this.arnIndexName,
        KeyConditionExpression: '#arn = :arn',
        ExpressionAttributeNames: { '#arn': 'subscriptionArn' },
        ExpressionAttributeValues: { ':arn': subscriptionArn },
      }),
    );
    const key = Items?.[0];
    return key === undefined ? undefined : { tenant: String(key.tenant), id: String(key.id) };
  }
}
