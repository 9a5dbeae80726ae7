import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CheckUpdate, StoredCheck } from './check';
import type { CheckStore } from './check-store';

/** Checks keyed by `id`; the owning tenant is an attribute every read compares. */
export class DynamoCheckStore implements CheckStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(check: StoredCheck): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: check,
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
  }

  async get(tenant: string, id: string): Promise<StoredCheck | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    const check = Item as StoredCheck | undefined;
    return check?.tenant === tenant ? check : undefined;
  }

  async update(id: string, expectedVersion: number, update: CheckUpdate): Promise<boolean> {
    const names: Record<string, string> = {
      '#status': 'status',
      '#progress': 'progress',
      '#version': 'version',
      '#updatedAt': 'updatedAt',
    };
    const values: Record<string, unknown> = {
      ':status': update.status,
      ':progress': update.progress,
      ':version': update.version,
      ':updatedAt': update.updatedAt,
      ':expected': expectedVersion,
    };
    const sets = [
      '#status = :status',
      '#progress = :progress',
      '#version = :version',
      '#updatedAt = :updatedAt',
    ];
    if (update.result !== undefined) {
      names['#result'] = 'result';
      values[':result'] = update.result;
      sets.push('#result = :result');
    }
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(id) AND #version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      // Matched by name, not class: the runtime's SDK copy may differ from the bundled one.
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
