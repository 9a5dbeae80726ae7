import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { resourcesOfType, type SynthesizedStack } from '../platform/cloud-assembly';
import type { Resolver } from '../platform/resolver';
import { clientConfig, type SandboxAws } from '../platform/aws-environment';
import { tablePlan } from './table-input';

export interface LocalTable {
  readonly logicalId: string;
  readonly tableName: string;
  /** The stream's ARN as DynamoDB Local names it, for the DynamoDB Streams API. */
  readonly streamArn: string | undefined;
}

/**
 * Creates each `AWS::DynamoDB::Table` of the stack in DynamoDB Local, with its keys, indexes,
 * stream and TTL, and registers it: `Ref` is the table name, `Arn` and `StreamArn` its ARNs.
 */
export async function createTables(
  stack: SynthesizedStack,
  resolver: Resolver,
  aws: SandboxAws,
  log: (line: string) => void,
): Promise<LocalTable[]> {
  const client = new DynamoDBClient(clientConfig(aws, aws.endpoints.dynamodb));
  const tables: LocalTable[] = [];
  try {
    for (const { logicalId, properties } of resourcesOfType(stack.template, 'AWS::DynamoDB::Table')) {
      const plan = tablePlan(stack.stackName, logicalId, properties, resolver);
      const tableName = plan.create.TableName;
      const { TableDescription } = await client.send(new CreateTableCommand(plan.create));
      if (plan.timeToLiveAttribute !== undefined) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: tableName,
            TimeToLiveSpecification: { AttributeName: plan.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
      const streamArn = TableDescription?.LatestStreamArn;
      resolver.register(logicalId, {
        ref: tableName,
        attributes: {
          Arn: `arn:aws:dynamodb:${aws.region}:${aws.accountId}:table/${tableName}`,
          ...(streamArn === undefined ? {} : { StreamArn: streamArn }),
        },
      });
      tables.push({ logicalId, tableName, streamArn });
      const details = [
        plan.create.StreamSpecification && `stream ${plan.create.StreamSpecification.StreamViewType}`,
        plan.timeToLiveAttribute && `TTL on ${plan.timeToLiveAttribute}`,
        plan.create.GlobalSecondaryIndexes && `${plan.create.GlobalSecondaryIndexes.length} GSI`,
      ].filter(Boolean);
      log(`Table ${tableName}${details.length > 0 ? ` (${details.join(', ')})` : ''}`);
    }
  } finally {
    client.destroy();
  }
  return tables;
}
