import {
  BatchWriteCommand,
  PutCommand,
  QueryCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { WebhookFailure } from '../domain/webhook-failure';
import type { FailurePage, FailureStore } from '../domain/webhook-ports';

/** BatchWriteItem takes at most 25 requests. */
const BATCH_SIZE = 25;
/** Rounds for the items a throttled BatchWriteItem leaves unprocessed, backing off between them. */
const BATCH_ROUNDS = 5;

type WriteRequests = NonNullable<BatchWriteCommandInput['RequestItems']>[string];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
    for (let start = 0; start < failureIds.length; start += BATCH_SIZE) {
      await this.deleteBatch(subscriptionId, failureIds.slice(start, start + BATCH_SIZE));
    }
  }

  async deleteAll(subscriptionId: string): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#subscriptionId = :subscriptionId',
          ProjectionExpression: '#failureId',
          ExpressionAttributeNames: { '#subscriptionId': 'subscriptionId', '#failureId': 'failureId' },
          ExpressionAttributeValues: { ':subscriptionId': subscriptionId },
          ExclusiveStartKey: startKey,
        }),
      );
      await this.delete(
        subscriptionId,
        (page.Items ?? []).map((item) => String(item.failureId)),
      );
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }

  private async deleteBatch(subscriptionId: string, failureIds: readonly string[]): Promise<void> {
    let requests: WriteRequests = failureIds.map((failureId) => ({
      DeleteRequest: { Key: { subscriptionId, failureId } },
    }));
    for (let round = 0; requests.length > 0; round += 1) {
      if (round === BATCH_ROUNDS) {
        throw new Error(
          `${requests.length} failure records could not be deleted: DynamoDB kept them unprocessed`,
        );
      }
      if (round > 0) await sleep(50 * 2 ** round);
      const { UnprocessedItems } = await this.client.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
      );
      requests = UnprocessedItems?.[this.tableName] ?? [];
    }
  }
}
