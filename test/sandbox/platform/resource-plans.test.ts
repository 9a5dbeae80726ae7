import { Resolver } from '../../../sandbox/platform/resolver';
import { queuePlan } from '../../../sandbox/sqs/queue-input';
import { secretValue } from '../../../sandbox/secrets-manager/secrets';
import { tablePlan } from '../../../sandbox/dynamodb/table-input';
import { subscriptionPlan, topicPlan } from '../../../sandbox/sns/topic-input';

function resolver(): Resolver {
  const r = new Resolver({ region: 'us-east-1', accountId: '000000000000', stackName: 'Stack' });
  r.register('Dlq', {
    ref: 'http://q/Dlq',
    attributes: { Arn: 'arn:aws:sqs:us-east-1:000000000000:Stack-Dlq' },
  });
  r.register('Topic', { ref: 'arn:aws:sns:us-east-1:000000000000:Stack-Topic' });
  return r;
}

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
      resolver(),
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
      resolver(),
    );
    expect(plan.create.TableName).toBe('Stack-things');
    expect(plan.create.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 2 });
    expect(plan.create.StreamSpecification).toBeUndefined();
    expect(plan.timeToLiveAttribute).toBeUndefined();
  });

  it('names the table and the field when a property is malformed', () => {
    expect(() =>
      tablePlan('Stack', 'Broken', { KeySchema: [{ AttributeName: 'id', KeyType: 'PRIMARY' }] }, resolver()),
    ).toThrow(/^Broken: unexpected properties: KeySchema\.0\.KeyType: /);
  });
});

describe('queuePlan', () => {
  it('turns the attributes into strings and the redrive policy into JSON with a numeric maxReceiveCount', () => {
    expect(
      queuePlan(
        'Stack',
        'Jobs',
        {
          VisibilityTimeout: 1800,
          MessageRetentionPeriod: '1209600',
          DelaySeconds: 0,
          ReceiveMessageWaitTimeSeconds: 20,
          MaximumMessageSize: 262144,
          RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: '3' },
          SqsManagedSseEnabled: true,
          KmsMasterKeyId: { Ref: 'KeyTheSandboxDoesNotHave' },
        },
        resolver(),
      ),
    ).toEqual({
      queueName: 'Stack-Jobs',
      attributes: {
        VisibilityTimeout: '1800',
        MessageRetentionPeriod: '1209600',
        DelaySeconds: '0',
        ReceiveMessageWaitTimeSeconds: '20',
        MaximumMessageSize: '262144',
        RedrivePolicy:
          '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:Stack-Dlq","maxReceiveCount":3}',
      },
    });
  });

  it('adds .fifo to a generated FIFO queue name and keeps a given name as it is', () => {
    expect(
      queuePlan('Stack', 'Orders', { FifoQueue: true, ContentBasedDeduplication: 'true' }, resolver()),
    ).toEqual({
      queueName: 'Stack-Orders.fifo',
      attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
    });
    expect(
      queuePlan('Stack', 'Named', { QueueName: 'mine.fifo', FifoQueue: 'true' }, resolver()).queueName,
    ).toBe('mine.fifo');
    expect(queuePlan('Stack', 'Plain', { FifoQueue: false }, resolver())).toEqual({
      queueName: 'Stack-Plain',
      attributes: {},
    });
  });
});

describe('topicPlan and subscriptionPlan', () => {
  it('maps a topic and its FIFO name', () => {
    expect(
      topicPlan('Stack', 'Events', { DisplayName: 'Check events', KmsMasterKeyId: 'alias/x' }, resolver()),
    ).toEqual({
      topicName: 'Stack-Events',
      attributes: { DisplayName: 'Check events' },
    });
    expect(
      topicPlan(
        'Stack',
        'Ordered',
        { FifoTopic: true, ContentBasedDeduplication: false, SignatureVersion: 2 },
        resolver(),
      ),
    ).toEqual({
      topicName: 'Stack-Ordered.fifo',
      attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'false', SignatureVersion: '2' },
    });
  });

  it('maps a subscription with its policies as JSON text', () => {
    expect(
      subscriptionPlan(
        'Sub',
        {
          TopicArn: { Ref: 'Topic' },
          Protocol: 'sqs',
          Endpoint: { 'Fn::GetAtt': ['Dlq', 'Arn'] },
          RawMessageDelivery: true,
          FilterPolicy: { type: ['check.done'] },
          FilterPolicyScope: 'MessageAttributes',
          RedrivePolicy: '{"deadLetterTargetArn":"arn:x"}',
          Region: 'us-east-1',
        },
        resolver(),
      ),
    ).toEqual({
      topicArn: 'arn:aws:sns:us-east-1:000000000000:Stack-Topic',
      protocol: 'sqs',
      endpoint: 'arn:aws:sqs:us-east-1:000000000000:Stack-Dlq',
      attributes: {
        RawMessageDelivery: 'true',
        FilterPolicy: '{"type":["check.done"]}',
        FilterPolicyScope: 'MessageAttributes',
        RedrivePolicy: '{"deadLetterTargetArn":"arn:x"}',
      },
    });
  });
});

describe('secretValue', () => {
  it('prefers SecretString, then the generated value, in its template when a key is named', () => {
    expect(secretValue({ SecretString: 'given', GenerateSecretString: {} }, 'dev')).toBe('given');
    expect(secretValue({ GenerateSecretString: {} }, 'dev')).toBe('dev');
    expect(
      secretValue(
        { GenerateSecretString: { SecretStringTemplate: '{"user":"admin"}', GenerateStringKey: 'password' } },
        'dev',
      ),
    ).toBe('{"user":"admin","password":"dev"}');
    expect(secretValue({}, 'dev')).toBeUndefined();
  });
});
