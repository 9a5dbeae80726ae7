import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetTopicAttributesCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { DEV_TOKEN_SECRET } from '../../../lambda/auth/dev-secret';
import { resourcesOfType, type SynthesizedStack } from '../../../sandbox/platform/cloud-assembly';
import { Resolver } from '../../../sandbox/platform/resolver';
import { clientConfig, type SandboxAws } from '../../../sandbox/platform/aws-environment';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../sandbox/dynamodb/dynamodb-local';
import { startSecretsManager, type SecretsManagerEndpoint } from '../../../sandbox/secrets-manager/server';
import { registerEventApis } from '../../../sandbox/appsync';
import { registerInertResources } from '../../../sandbox/platform/inert';
import { createQueues, type LocalQueue } from '../../../sandbox/sqs/queues';
import { referencedLogicalIds } from '../../../sandbox/platform/references';
import { createSecrets } from '../../../sandbox/secrets-manager/secrets';
import { createTables, type LocalTable } from '../../../sandbox/dynamodb/tables';
import { createTopics, type LocalTopic } from '../../../sandbox/sns/topics';
import { synthesizedStack } from '../support/synthesized-app';

const host = '127.0.0.1';
const identity = { region: 'us-east-1', accountId: '000000000000' };
const credentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

/** The types whose local copies other parts of the sandbox register. */
const REGISTERED_ELSEWHERE = /^AWS::(ApiGateway|ApiGatewayV2|Lambda)::/;

interface Created {
  readonly resolver: Resolver;
  readonly tables: LocalTable[];
  readonly queues: LocalQueue[];
  readonly topics: LocalTopic[];
}

/** Creates the resources of a stack as the sandbox does, in its order, once its secrets are registered. */
async function createAll(
  stack: SynthesizedStack,
  aws: SandboxAws,
  log: (line: string) => void,
  resolver = new Resolver({ ...identity, stackName: stack.stackName }),
): Promise<Created> {
  registerEventApis(stack, resolver);
  registerInertResources(stack.template, resolver);
  const tables = await createTables(stack, resolver, aws, log);
  const queues = await createQueues(stack, resolver, aws, log);
  const topics = await createTopics(stack, resolver, aws, log);
  return { resolver, tables, queues, topics };
}

describe('the platform resources of a template, created in real engines', () => {
  let dynamo: DynamoDbLocal;
  let fauxqs: FauxqsServer;
  let secretsManager: SecretsManagerEndpoint;
  let aws: SandboxAws;
  let stack: SynthesizedStack;
  let app: Created;
  const lines: string[] = [];
  const log = (line: string): void => {
    lines.push(line);
  };

  function logicalIdOf(type: string, prefix: string): string {
    const matches = resourcesOfType(stack.template, type).filter(({ logicalId }) =>
      logicalId.startsWith(prefix),
    );
    expect(matches).toHaveLength(1);
    return matches[0].logicalId;
  }

  beforeAll(async () => {
    stack = synthesizedStack();
    [dynamo, fauxqs] = await Promise.all([
      startDynamoDbLocal({ port: 0, host, log: () => undefined }),
      startFauxqs({ port: 0, logger: false }),
    ]);
    const resolver = new Resolver({ ...identity, stackName: stack.stackName });
    const secrets = await createSecrets(stack, resolver, identity, log, DEV_TOKEN_SECRET);
    secretsManager = await startSecretsManager({ port: 0, host, secrets });
    const snsSqs = `http://${host}:${fauxqs.port}`;
    aws = {
      ...identity,
      credentials,
      endpoints: {
        dynamodb: dynamo.endpoint,
        dynamodbStreams: dynamo.endpoint,
        sqs: snsSqs,
        sns: snsSqs,
        secretsManager: secretsManager.endpoint,
      },
    };
    app = await createAll(stack, aws, log, resolver);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([dynamo?.stop(), fauxqs?.stop(), secretsManager?.stop()]);
  });

  describe('the app template', () => {
    it('creates every table with its keys, indexes, stream and TTL', async () => {
      const client = new DynamoDBClient(clientConfig(aws, aws.endpoints.dynamodb));
      try {
        const templateTables = resourcesOfType(stack.template, 'AWS::DynamoDB::Table');
        expect(app.tables.map(({ logicalId }) => logicalId)).toEqual(
          templateTables.map(({ logicalId }) => logicalId),
        );
        for (const { logicalId, properties } of templateTables) {
          const tableName = `${stack.stackName}-${logicalId}`;
          expect(app.resolver.resolve({ Ref: logicalId })).toBe(tableName);
          expect(app.resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] })).toBe(
            `arn:aws:dynamodb:us-east-1:000000000000:table/${tableName}`,
          );
          const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
          expect(Table?.KeySchema).toEqual(properties.KeySchema);
          expect(Table?.BillingModeSummary?.BillingMode).toBe(properties.BillingMode);
          const indexes = (properties.GlobalSecondaryIndexes ?? []) as Array<{ IndexName: string }>;
          expect((Table?.GlobalSecondaryIndexes ?? []).map(({ IndexName }) => IndexName)).toEqual(
            indexes.map(({ IndexName }) => IndexName),
          );
          const stream = properties.StreamSpecification as { StreamViewType: string } | undefined;
          expect(Table?.StreamSpecification?.StreamViewType).toBe(stream?.StreamViewType);
          const ttl = properties.TimeToLiveSpecification as { AttributeName: string } | undefined;
          const { TimeToLiveDescription } = await client.send(
            new DescribeTimeToLiveCommand({ TableName: tableName }),
          );
          expect(TimeToLiveDescription?.TimeToLiveStatus).toBe(ttl === undefined ? 'DISABLED' : 'ENABLED');
          expect(TimeToLiveDescription?.AttributeName).toBe(ttl?.AttributeName);
        }

        const subscriptions = await client.send(
          new DescribeTableCommand({
            TableName: app.resolver.resolveString({
              Ref: logicalIdOf('AWS::DynamoDB::Table', 'WebhooksSubscriptions'),
            }),
          }),
        );
        expect(subscriptions.Table?.GlobalSecondaryIndexes).toEqual([
          expect.objectContaining({
            IndexName: 'bySubscriptionArn',
            KeySchema: [{ AttributeName: 'subscriptionArn', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          }),
        ]);
      } finally {
        client.destroy();
      }
    });

    it("registers the checks table's real stream ARN, which the DynamoDB Streams API reads", async () => {
      const checks = logicalIdOf('AWS::DynamoDB::Table', 'ChecksTable');
      const streamArn = app.resolver.resolveString({ 'Fn::GetAtt': [checks, 'StreamArn'] });
      expect(streamArn).toMatch(/:table\/RealtimeChecks-ChecksTable[^/]*\/stream\//);
      const tables = new DynamoDBClient(clientConfig(aws, aws.endpoints.dynamodb));
      const streams = new DynamoDBStreamsClient(clientConfig(aws, aws.endpoints.dynamodbStreams));
      try {
        await tables.send(
          new PutItemCommand({
            TableName: app.resolver.resolveString({ Ref: checks }),
            Item: { id: { S: 'check-1' }, status: { S: 'processing' } },
          }),
        );
        const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: StreamDescription?.Shards?.[0]?.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
        expect(Records?.map((record) => [record.eventName, record.dynamodb?.Keys])).toEqual([
          ['INSERT', { id: { S: 'check-1' } }],
        ]);
      } finally {
        tables.destroy();
        streams.destroy();
      }
    });

    it('creates every queue with its attributes and its redrive policy to the right dead-letter queue', async () => {
      const client = new SQSClient(clientConfig(aws, aws.endpoints.sqs));
      try {
        const templateQueues = resourcesOfType(stack.template, 'AWS::SQS::Queue');
        expect(app.queues.map(({ logicalId }) => logicalId).sort()).toEqual(
          templateQueues.map(({ logicalId }) => logicalId).sort(),
        );
        for (const { logicalId, properties } of templateQueues) {
          const queueUrl = app.resolver.resolveString({ Ref: logicalId });
          const { Attributes } = await client.send(
            new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
          );
          expect(Attributes?.QueueArn).toBe(app.resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }));
          // SQS requires a FIFO queue's name to end in `.fifo`; CloudFormation's generated name does.
          const suffix = properties.FifoQueue === true ? '.fifo' : '';
          expect(app.resolver.resolve({ 'Fn::GetAtt': [logicalId, 'QueueName'] })).toBe(
            `${stack.stackName}-${logicalId}${suffix}`,
          );
          for (const name of ['VisibilityTimeout', 'MessageRetentionPeriod'] as const) {
            if (properties[name] !== undefined) expect(Attributes?.[name]).toBe(String(properties[name]));
          }
          const redrive = properties.RedrivePolicy as
            { deadLetterTargetArn: { 'Fn::GetAtt': [string, string] }; maxReceiveCount: number } | undefined;
          if (redrive === undefined) {
            expect(Attributes?.RedrivePolicy).toBeUndefined();
          } else {
            expect(JSON.parse(Attributes?.RedrivePolicy ?? '')).toEqual({
              deadLetterTargetArn: app.resolver.resolve(redrive.deadLetterTargetArn),
              maxReceiveCount: redrive.maxReceiveCount,
            });
          }
        }
        const jobs = logicalIdOf('AWS::SQS::Queue', 'WorkerJobsQueue');
        const { Attributes } = await client.send(
          new GetQueueAttributesCommand({
            QueueUrl: app.resolver.resolveString({ Ref: jobs }),
            AttributeNames: ['All'],
          }),
        );
        expect(Attributes?.VisibilityTimeout).toBe('1800');
        expect(JSON.parse(Attributes?.RedrivePolicy ?? '')).toEqual({
          deadLetterTargetArn: app.resolver.resolve({
            'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'WorkerJobsDeadLetterQueue'), 'Arn'],
          }),
          maxReceiveCount: 3,
        });
      } finally {
        client.destroy();
      }
    });

    it('creates the topic, and registers a secret that the Secrets Manager endpoint serves with the dev secret', async () => {
      const sns = new SNSClient(clientConfig(aws, aws.endpoints.sns));
      const secrets = new SecretsManagerClient(clientConfig(aws, aws.endpoints.secretsManager));
      try {
        expect(app.topics).toHaveLength(resourcesOfType(stack.template, 'AWS::SNS::Topic').length);
        const events = logicalIdOf('AWS::SNS::Topic', 'WebhooksEvents');
        const topicArn = app.resolver.resolveString({ Ref: events });
        expect(topicArn).toBe(`arn:aws:sns:us-east-1:000000000000:${stack.stackName}-${events}`);
        const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
        expect(Attributes?.DisplayName).toBe('Check events');

        const tokenSecretArn = app.resolver.resolveString({
          Ref: logicalIdOf('AWS::SecretsManager::Secret', 'AuthTokenSecret'),
        });
        expect(tokenSecretArn).toMatch(
          /^arn:aws:secretsmanager:us-east-1:000000000000:secret:RealtimeChecks-AuthTokenSecret[0-9A-F]{8}-[A-Za-z0-9]{6}$/,
        );
        const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: tokenSecretArn }));
        expect(SecretString).toBe(DEV_TOKEN_SECRET);
      } finally {
        sns.destroy();
        secrets.destroy();
      }
    });

    it("resolves every function's environment variable that does not refer to an API or a function", async () => {
      const skipped: string[] = [];
      const resolved: Record<string, string> = {};
      for (const { logicalId, properties } of resourcesOfType(stack.template, 'AWS::Lambda::Function')) {
        const variables =
          (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
        for (const [name, value] of Object.entries(variables)) {
          const elsewhere = [...referencedLogicalIds(value)].some((id) =>
            REGISTERED_ELSEWHERE.test(stack.template.Resources[id]?.Type ?? ''),
          );
          if (elsewhere) skipped.push(`${logicalId}.${name}`);
          else resolved[name] = app.resolver.resolveString(value);
        }
      }
      expect(skipped.sort()).toEqual([
        expect.stringMatching(/^WebSocketFanoutPoster[0-9A-F]{8}\.WEBSOCKET_CALLBACK_URL$/),
        expect.stringMatching(/^WebSocketNotifier[0-9A-F]{8}\.WEBSOCKET_CALLBACK_URL$/),
      ]);
      expect(resolved).toMatchObject({
        CHECKS_TABLE_NAME: expect.stringMatching(/^RealtimeChecks-ChecksTable/),
        APPSYNC_EVENTS_HTTP_DNS: expect.stringMatching(
          /^[a-z0-9]{26}\.appsync-api\.us-east-1\.amazonaws\.com$/,
        ),
        CONNECTIONS_TABLE_NAME: expect.stringMatching(/^RealtimeChecks-WebSocketConnections/),
        SUBSCRIPTIONS_TABLE_NAME: expect.stringMatching(/^RealtimeChecks-WebhooksSubscriptions/),
        FAILURES_TABLE_NAME: expect.stringMatching(/^RealtimeChecks-WebhooksFailures/),
        JOBS_QUEUE_URL: app.queues.find(({ logicalId }) => logicalId.startsWith('WorkerJobsQueue'))?.queueUrl,
        WEBHOOK_TOPIC_ARN: app.topics[0].topicArn,
        WEBHOOK_DLQ_ARN: app.queues.find(({ logicalId }) => logicalId.startsWith('WebhooksDeliveryFailures'))
          ?.queueArn,
        TOKEN_SECRET_ARN: expect.stringMatching(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:/),
      });

      const sqs = new SQSClient(clientConfig(aws, aws.endpoints.sqs));
      try {
        const { MessageId } = await sqs.send(
          new SendMessageCommand({ QueueUrl: resolved.JOBS_QUEUE_URL, MessageBody: '{}' }),
        );
        expect(MessageId).toEqual(expect.any(String));
      } finally {
        sqs.destroy();
      }
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        const refersElsewhere = [...referencedLogicalIds(output.Value)].some((id) =>
          REGISTERED_ELSEWHERE.test(stack.template.Resources[id]?.Type ?? ''),
        );
        if (!refersElsewhere) expect(app.resolver.resolveString(output.Value)).toEqual(expect.any(String));
      }
    });

    it('says what it created', () => {
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^Table RealtimeChecks-ChecksTable\w+ \(stream NEW_AND_OLD_IMAGES, TTL on expiresAt\)$/,
          ),
          expect.stringMatching(/^Queue RealtimeChecks-WorkerJobsQueue\w+ \(with a dead-letter queue\)$/),
          expect.stringMatching(/^Topic RealtimeChecks-WebhooksEvents\w+$/),
          expect.stringMatching(/^Secret RealtimeChecks-AuthTokenSecret\w+$/),
        ]),
      );
    });
  });

  describe('a template with a FIFO queue and subscriptions', () => {
    const template = {
      Resources: {
        Orders: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true, ContentBasedDeduplication: true } },
        Inbox: { Type: 'AWS::SQS::Queue', Properties: { ReceiveMessageWaitTimeSeconds: 1 } },
        RawInbox: { Type: 'AWS::SQS::Queue' },
        Events: {
          Type: 'AWS::SNS::Topic',
          Properties: { Subscription: [{ Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': ['Inbox', 'Arn'] } }] },
        },
        Raw: {
          Type: 'AWS::SNS::Subscription',
          Properties: {
            TopicArn: { Ref: 'Events' },
            Protocol: 'sqs',
            Endpoint: { 'Fn::GetAtt': ['RawInbox', 'Arn'] },
            RawMessageDelivery: true,
          },
        },
        Hook: {
          Type: 'AWS::SNS::Subscription',
          Properties: {
            TopicArn: { Ref: 'Events' },
            Protocol: 'https',
            Endpoint: { 'Fn::GetAtt': ['Api', 'Url'] },
          },
        },
      },
    };
    const synthetic: SynthesizedStack = {
      stackName: 'Synthetic',
      template,
      assetDirectory: () => {
        throw new Error('no assets');
      },
    };

    it('creates a FIFO queue under a .fifo name, and delivers a publication to the sqs subscriptions only', async () => {
      lines.length = 0;
      const created = await createAll(synthetic, aws, log);
      expect(created.queues.map(({ queueName }) => queueName).sort()).toEqual([
        'Synthetic-Inbox',
        'Synthetic-Orders.fifo',
        'Synthetic-RawInbox',
      ]);
      expect(created.resolver.resolveString({ Ref: 'Raw' })).toMatch(
        /^arn:aws:sns:us-east-1:000000000000:Synthetic-Events:/,
      );
      expect(() => created.resolver.resolve({ Ref: 'Hook' })).toThrow(/Hook/);
      expect(lines).toContain(
        "Subscription Hook (protocol https) is not run: the sandbox runs a template's sqs subscriptions only",
      );

      const sns = new SNSClient(clientConfig(aws, aws.endpoints.sns));
      const sqs = new SQSClient(clientConfig(aws, aws.endpoints.sqs));
      try {
        const ordersUrl = created.resolver.resolveString({ Ref: 'Orders' });
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: ordersUrl, AttributeNames: ['All'] }),
        );
        expect(Attributes).toMatchObject({ FifoQueue: 'true', ContentBasedDeduplication: 'true' });

        await sns.send(new PublishCommand({ TopicArn: created.topics[0].topicArn, Message: 'hello' }));
        const inbox = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: created.resolver.resolveString({ Ref: 'Inbox' }),
            WaitTimeSeconds: 1,
          }),
        );
        expect(JSON.parse(inbox.Messages?.[0]?.Body ?? '{}')).toMatchObject({
          Type: 'Notification',
          Message: 'hello',
        });
        const raw = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: created.resolver.resolveString({ Ref: 'RawInbox' }),
            WaitTimeSeconds: 1,
          }),
        );
        expect(raw.Messages?.map(({ Body }) => Body)).toEqual(['hello']);
      } finally {
        sns.destroy();
        sqs.destroy();
      }
    });
  });
});
