import { tablePlan } from '../../../sandbox/dynamodb/table-input';
import { planResolver } from '../support/plan-resolver';

describe('tablePlan', () => {
  it('maps keys, indexes, stream, billing and TTL, names the table after the stack, and drops the rest', () => {
    const plan = tablePlan(
      'Stack',
      'Subscriptions',
      {
        KeySchema: [
          { AttributeName: 'tenant', KeyType: 'HASH' },
          { AttributeName: 'id', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'tenant', AttributeType: 'S' },
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'arn', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byArn',
            KeySchema: [{ AttributeName: 'arn', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
            ContributorInsightsSpecification: { Enabled: true },
          },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: 'byTenantArn',
            KeySchema: [
              { AttributeName: 'tenant', KeyType: 'HASH' },
              { AttributeName: 'arn', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['url'] },
          },
        ],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        SSESpecification: { SSEEnabled: true, KMSMasterKeyId: { Ref: 'KeyTheSandboxDoesNotHave' } },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
      planResolver(),
    );
    expect(plan).toEqual({
      create: {
        TableName: 'Stack-Subscriptions',
        KeySchema: [
          { AttributeName: 'tenant', KeyType: 'HASH' },
          { AttributeName: 'id', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'tenant', AttributeType: 'S' },
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'arn', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byArn',
            KeySchema: [{ AttributeName: 'arn', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: 'byTenantArn',
            KeySchema: [
              { AttributeName: 'tenant', KeyType: 'HASH' },
              { AttributeName: 'arn', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['url'] },
          },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      },
      timeToLiveAttribute: 'expiresAt',
    });
  });

  it('keeps a given name, resolves intrinsics, and turns provisioned capacity given as text into numbers', () => {
    const plan = tablePlan(
      'Stack',
      'Table',
      {
        TableName: { 'Fn::Sub': '${AWS::StackName}-things' },
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        ProvisionedThroughput: { ReadCapacityUnits: '5', WriteCapacityUnits: 2 },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: 'false' },
      },
      planResolver(),
    );
    expect(plan.create.TableName).toBe('Stack-things');
    expect(plan.create.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 2 });
    expect(plan.create.StreamSpecification).toBeUndefined();
    expect(plan.timeToLiveAttribute).toBeUndefined();
  });

  it('names the table and the field when a property is malformed', () => {
    expect(() =>
      tablePlan(
        'Stack',
        'Broken',
        { KeySchema: [{ AttributeName: 'id', KeyType: 'PRIMARY' }] },
        planResolver(),
      ),
    ).toThrow(/^Broken: unexpected properties: KeySchema\.0\.KeyType: /);
  });
});
