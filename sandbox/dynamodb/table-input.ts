import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import type { Resolver } from '../platform/resolver';
import { cfnBoolean, cfnNumber, generatedName, readProperties } from '../platform/properties';

const keySchema = z.array(z.object({ AttributeName: z.string(), KeyType: z.enum(['HASH', 'RANGE']) }));

const projection = z.object({
  ProjectionType: z.optional(z.enum(['ALL', 'KEYS_ONLY', 'INCLUDE'])),
  NonKeyAttributes: z.optional(z.array(z.string())),
});

const throughput = z.object({ ReadCapacityUnits: cfnNumber, WriteCapacityUnits: cfnNumber });

/**
 * The `AWS::DynamoDB::Table` properties DynamoDB Local acts on. The others (encryption,
 * point-in-time recovery, tags, contributor insights, deletion protection, table class,
 * Kinesis streaming, resource policy, warm and on-demand throughput) change nothing an
 * application can observe locally, and are dropped.
 */
const tableProperties = z.object({
  TableName: z.optional(z.string()),
  KeySchema: keySchema,
  AttributeDefinitions: z.optional(
    z.array(z.object({ AttributeName: z.string(), AttributeType: z.enum(['S', 'N', 'B']) })),
  ),
  BillingMode: z.optional(z.enum(['PROVISIONED', 'PAY_PER_REQUEST'])),
  ProvisionedThroughput: z.optional(throughput),
  GlobalSecondaryIndexes: z.optional(
    z.array(
      z.object({
        IndexName: z.string(),
        KeySchema: keySchema,
        Projection: projection,
        ProvisionedThroughput: z.optional(throughput),
      }),
    ),
  ),
  LocalSecondaryIndexes: z.optional(
    z.array(z.object({ IndexName: z.string(), KeySchema: keySchema, Projection: projection })),
  ),
  StreamSpecification: z.optional(
    z.object({ StreamViewType: z.enum(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES']) }),
  ),
  TimeToLiveSpecification: z.optional(
    z.object({ AttributeName: z.optional(z.string()), Enabled: cfnBoolean }),
  ),
});

export interface TablePlan {
  readonly create: CreateTableCommandInput & { readonly TableName: string };
  /** The attribute to enable TTL on, when the template enables it. */
  readonly timeToLiveAttribute: string | undefined;
}

/** The CreateTable request (and TTL setting) for a table of the template. */
export function tablePlan(
  stackName: string,
  logicalId: string,
  templateProperties: Readonly<Record<string, unknown>>,
  resolver: Pick<Resolver, 'resolve'>,
): TablePlan {
  const properties = readProperties(tableProperties, templateProperties, resolver, logicalId);
  const ttl = properties.TimeToLiveSpecification;
  if (ttl?.Enabled === true && ttl.AttributeName === undefined) {
    throw new Error(`${logicalId}: TimeToLiveSpecification is enabled without an AttributeName`);
  }
  return {
    create: {
      TableName: properties.TableName ?? generatedName(stackName, logicalId),
      KeySchema: properties.KeySchema,
      AttributeDefinitions: properties.AttributeDefinitions,
      BillingMode: properties.BillingMode,
      ProvisionedThroughput: properties.ProvisionedThroughput,
      GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes,
      LocalSecondaryIndexes: properties.LocalSecondaryIndexes,
      StreamSpecification:
        properties.StreamSpecification === undefined
          ? undefined
          : { StreamEnabled: true, StreamViewType: properties.StreamSpecification.StreamViewType },
    },
    timeToLiveAttribute: ttl?.Enabled === true ? ttl.AttributeName : undefined,
  };
}
