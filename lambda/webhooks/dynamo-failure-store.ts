import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FailurePage, FailureStore, WebhookFailure } from './webhook-failure';
import { deleteKeys, queryAll } from '../shared/dynamo-batch';

/** Failures keyed by `subscriptionId` then `failureId`, which starts with the time, so a query sorts by time. */
export class DynamoFailureStore implements FailureStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(failure: WebhookFailure): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: failure }));
  }

  async list(subscriptionId: string, limit: number, afterFailureId?: string): Promise<FailurePage> {
    const { Items, LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#subscriptionId = :subscriptionId',
        ExpressionAttributeNames: { '#subscriptionId': 'subscriptionId' },
        ExpressionAttributeValues: { ':subscriptionId': subscriptionId },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey:
          afterFailureId === undefined ? undefined : { subscriptionId, failureId: afterFailureId },
      }),
    );
    const items = (Items ?? []) as WebhookFailure[];
    const last = LastEvaluatedKey?.failureId;
    return typeof last === 'string' ? { items, lastFailureId: last } : { items };
  }

  async delete(subscriptionId: string, failureIds: readonly string[]): Promise<void> {
    const keys = failureIds.map((failureId) => ({ subscriptionId, failureId }));
    await deleteKeys(this.client, this.tableName, keys, 'failure records');
  }

  async deleteAll(subscriptionId: string): Promise<void> {
    const items = await queryAll<{ failureId: string }>(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#subscriptionId = :subscriptionId',
      ProjectionExpression: '#failureId',
      ExpressionAttributeNames: { '#subscriptionId': 'subscriptionId', '#failureId': 'failureId' },
      ExpressionAttributeValues: { ':subscriptionId': subscriptionId },
    });
    await this.delete(
      subscriptionId,
      items.map((item) => item.failureId),
    );
  }
}
