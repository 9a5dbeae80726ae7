import { Duration, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RealtimeChecksStack } from '../../lib/realtime-checks-stack';
import { newApp, synthStack } from './synth';
import {
  actionsOf,
  actionsOn,
  environmentOf,
  functionId,
  functionProps,
  logicalIdOfType,
  resourceOf,
  restRoutes,
  statementsOf,
} from './template-queries';

const { template } = synthStack();

const tableId = (partitionKey: string, sortKey?: string) =>
  logicalIdOfType(template, 'AWS::DynamoDB::Table', (props) => {
    const keys = (props.KeySchema as { AttributeName: string }[]).map((k) => k.AttributeName);
    return keys[0] === partitionKey && keys[1] === sortKey;
  });
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const checksTable = tableId('id');
const connectionsTable = tableId('pk', 'sk');
const subscriptionsTable = tableId('tenant', 'id');
const failuresTable = tableId('subscriptionId', 'failureId');
/** What active tracing adds to every function's role, on `*`: X-Ray's write actions take no resource. */
const XRAY_ACTIONS = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

describe('REST API', () => {
  const routes = restRoutes(template);
  const authorizers = template.findResources('AWS::ApiGateway::Authorizer');
  const authorizerType = (id: string | undefined) =>
    id === undefined ? undefined : (authorizers[id].Properties as { Type: string }).Type;

  it.each([
    ['POST', '/checks', 'create-check', 'TOKEN'],
    ['GET', '/checks/{id}', 'get-check', 'TOKEN'],
    ['GET', '/checks/{id}/events', 'check-events', 'REQUEST'],
    ['POST', '/subscriptions', 'subscriptions', 'TOKEN'],
    ['GET', '/subscriptions', 'subscriptions', 'TOKEN'],
    ['GET', '/subscriptions/{id}', 'subscriptions', 'TOKEN'],
    ['PUT', '/subscriptions/{id}', 'subscriptions', 'TOKEN'],
    ['DELETE', '/subscriptions/{id}', 'subscriptions', 'TOKEN'],
    ['GET', '/subscriptions/{id}/failures', 'subscription-failures', 'TOKEN'],
    ['POST', '/subscriptions/{id}/replay', 'subscription-failures', 'TOKEN'],
    ['POST', '/rpc/checks.v1.CheckService/CreateCheck', 'check-rpc', 'TOKEN'],
    ['POST', '/rpc/checks.v1.CheckService/GetCheck', 'check-rpc', 'TOKEN'],
    ['POST', '/rpc/checks.v1.CheckService/WatchCheck', 'check-rpc', 'TOKEN'],
  ])('routes %s %s to %s behind the %s authorizer', (method, routePath, handler, type) => {
    const route = routes.find((r) => r.method === method && r.path === routePath);
    expect(route).toBeDefined();
    expect(route?.functionId).toBe(functionId(template, handler));
    expect(route?.authorizationType).toBe('CUSTOM');
    expect(authorizerType(route?.authorizerId)).toBe(type);
  });

  it('has no method without an authorizer but the CORS preflights', () => {
    const open = routes.filter((r) => r.authorizationType !== 'CUSTOM');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((r) => r.method === 'OPTIONS' && r.integration.Type === 'MOCK')).toBe(true);
  });

  it('lists in each CORS preflight exactly the methods routed on its resource, and preflights only routed resources', () => {
    const preflights = routes.filter((r) => r.method === 'OPTIONS');
    const routedPaths = [...new Set(routes.filter((r) => r.method !== 'OPTIONS').map((r) => r.path))];
    expect(preflights.map((r) => r.path).sort()).toEqual(routedPaths.sort());
    for (const preflight of preflights) {
      const [response] = preflight.integration.IntegrationResponses as {
        ResponseParameters: Record<string, string>;
      }[];
      const listed = response.ResponseParameters['method.response.header.Access-Control-Allow-Methods'];
      const routed = routes.filter((r) => r.path === preflight.path).map((r) => r.method);
      expect({ path: preflight.path, methods: listed.replace(/'/g, '').split(',').sort() }).toEqual({
        path: preflight.path,
        methods: routed.sort(),
      });
    }
  });

  it('streams Server-Sent Events and the Connect routes for up to 15 minutes, and buffers every other route', () => {
    const streamed = routes.filter((r) =>
      r.method === 'POST'
        ? r.path.startsWith('/rpc/')
        : r.path === '/checks/{id}/events' && r.method === 'GET',
    );
    expect(streamed).toHaveLength(4);
    for (const route of streamed) {
      expect(route.integration).toMatchObject({ ResponseTransferMode: 'STREAM', TimeoutInMillis: 900_000 });
      expect(JSON.stringify(route.integration.Uri)).toContain('/response-streaming-invocations');
    }
    const buffered = routes.filter((r) => !streamed.includes(r) && r.method !== 'OPTIONS');
    expect(buffered.every((r) => r.integration.ResponseTransferMode === undefined)).toBe(true);
    expect(functionProps(template, 'check-events').Timeout).toBe(900);
    expect(functionProps(template, 'check-rpc').Timeout).toBe(900);
  });

  it("passes Connect's and gRPC-Web's protobuf bodies as binary, and leaves gRPC-Web text as text", () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      BinaryMediaTypes: [
        'application/proto',
        'application/connect+proto',
        'application/grpc-web',
        'application/grpc-web+proto',
      ],
    });
  });

  it("lets browsers send Connect's and gRPC-Web's headers to the Connect routes, and only there", () => {
    const allowHeaders = (path: string) =>
      (
        routes.find((r) => r.method === 'OPTIONS' && r.path === path)?.integration.IntegrationResponses as
          { ResponseParameters: Record<string, string> }[] | undefined
      )?.[0]?.ResponseParameters['method.response.header.Access-Control-Allow-Headers'];
    for (const method of ['CreateCheck', 'GetCheck', 'WatchCheck']) {
      expect(allowHeaders(`/rpc/checks.v1.CheckService/${method}`)).toBe(
        "'Authorization,Content-Type,If-None-Match,Last-Event-ID,Connect-Protocol-Version,Connect-Timeout-Ms,Grpc-Timeout,X-Grpc-Web,X-User-Agent'",
      );
    }
    expect(allowHeaders('/checks')).toBe("'Authorization,Content-Type,If-None-Match,Last-Event-ID'");
  });

  it('caches the header authorizer and leaves the header-or-query one uncached, both one function', () => {
    const byType = Object.values(authorizers).map((a) => a.Properties as Record<string, unknown>);
    expect(byType).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Type: 'TOKEN',
          IdentitySource: 'method.request.header.Authorization',
          AuthorizerResultTtlInSeconds: 300,
        }),
        expect.objectContaining({ Type: 'REQUEST', AuthorizerResultTtlInSeconds: 0 }),
      ]),
    );
    const authorizerFunction = functionId(template, 'authorizer');
    for (const props of byType) expect(JSON.stringify(props.AuthorizerUri)).toContain(authorizerFunction);
  });

  it("answers API Gateway's own 4xx and 5xx in the contract's error shape, with CORS", () => {
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
        ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"error":\\{"code"') },
      });
    }
  });

  it('logs access and errors, and throttles the stage', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      MethodSettings: Match.arrayWith([
        Match.objectLike({ LoggingLevel: 'ERROR', ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }),
      ]),
    });
  });

  it('keeps long polls inside the 29 s integration timeout', () => {
    expect(functionProps(template, 'get-check').Timeout).toBeLessThan(29);
  });
});

describe('WebSocket API', () => {
  it('routes by the action in the body', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
  });

  it('authorizes $connect only, with the token in the query string', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.querystring.token'],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$connect',
      AuthorizationType: 'CUSTOM',
    });
  });

  it.each(['subscribe', 'unsubscribe', 'ping', '$default'])('answers %s on the connection', (routeKey) => {
    const routeId = logicalIdOfType(template, 'AWS::ApiGatewayV2::Route', (p) => p.RouteKey === routeKey);
    expect(resourceOf(template, routeId).Properties.RouteResponseSelectionExpression).toBe('$default');
    template.hasResourceProperties('AWS::ApiGatewayV2::RouteResponse', {
      RouteId: { Ref: routeId },
      RouteResponseKey: '$default',
    });
  });

  it('keeps connections a little over the 2-hour limit, keyed so subscribers are a Query away', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    const notifierActions = actionsOn(template, 'notifier', arnOf(connectionsTable));
    expect(notifierActions).toContain('dynamodb:Query');
    expect(notifierActions).not.toContain('dynamodb:Scan');
  });

  it('writes access logs, created after the account-wide logging role they need', () => {
    const account = logicalIdOfType(template, 'AWS::ApiGateway::Account', () => true);
    template.hasResource('AWS::ApiGatewayV2::Stage', {
      DependsOn: Match.arrayWith([account]),
      Properties: Match.objectLike({
        AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
        DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 100 }),
      }),
    });
  });

  it('gives the notifier the stage callback URL and @connections of that stage only', () => {
    const env = environmentOf(template, 'notifier');
    expect(JSON.stringify(env.WEBSOCKET_CALLBACK_URL)).toContain('/prod');
    const manage = statementsOf(template, 'notifier').filter((s) =>
      actionsOf(s).includes('execute-api:ManageConnections'),
    );
    expect(manage).toHaveLength(1);
    expect(JSON.stringify(manage[0].Resource)).toMatch(/\/prod\/\*\/@connections\/\*"/);
    expect(Number(env.NOTIFY_CONCURRENCY)).toBeGreaterThan(0);
  });
});

describe('WebSocket fan-out', () => {
  const fifoQueues = () =>
    Object.entries(template.findResources('AWS::SQS::Queue')).filter(
      ([, q]) => q.Properties.FifoQueue === true,
    );
  const fanoutQueue = () => {
    const [entry] = fifoQueues().filter(([, q]) => q.Properties.RedrivePolicy !== undefined);
    return { id: entry[0], props: entry[1].Properties as Record<string, unknown> };
  };

  it('queues shards on a FIFO queue that dead-letters to a FIFO queue after five receives', () => {
    expect(fifoQueues()).toHaveLength(2);
    const { props } = fanoutQueue();
    const deadLetterId = (props.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string, string] } })
      .deadLetterTargetArn['Fn::GetAtt'][0];
    expect(props.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
    expect(resourceOf(template, deadLetterId).Properties).toMatchObject({
      FifoQueue: true,
      MessageRetentionPeriod: 14 * 24 * 60 * 60,
      SqsManagedSseEnabled: true,
    });
    expect(props).toMatchObject({
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      SqsManagedSseEnabled: true,
    });
    expect(props.ContentBasedDeduplication).toBeUndefined();
  });

  it('hides a message six times the poster timeout', () => {
    expect(fanoutQueue().props.VisibilityTimeout).toBe(
      6 * (functionProps(template, 'fanout-poster').Timeout as number),
    );
  });

  it('feeds the poster ten messages a batch, with partial responses and bounded concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId(template, 'fanout-poster') },
      EventSourceArn: { 'Fn::GetAtt': [fanoutQueue().id, 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('lets the notifier send to the fan-out queue only, and the poster consume it only', () => {
    const queueArn = { 'Fn::GetAtt': [fanoutQueue().id, 'Arn'] };
    expect(actionsOn(template, 'notifier', queueArn)).toEqual(['sqs:SendMessage']);
    expect(actionsOn(template, 'fanout-poster', queueArn)).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
    const posterSqsActions = statementsOf(template, 'fanout-poster')
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('sqs:'));
    expect(posterSqsActions).not.toContain('sqs:SendMessage');
  });

  it('gives the poster the callback URL and @connections of the stage only', () => {
    const env = environmentOf(template, 'fanout-poster');
    expect(JSON.stringify(env.WEBSOCKET_CALLBACK_URL)).toContain('/prod');
    expect(env.NOTIFY_CONCURRENCY).toBe('50');
    const manage = statementsOf(template, 'fanout-poster').filter((s) =>
      actionsOf(s).includes('execute-api:ManageConnections'),
    );
    expect(manage).toHaveLength(1);
    expect(JSON.stringify(manage[0].Resource)).toMatch(/\/prod\/\*\/@connections\/\*"/);
  });

  it("gives the notifier the queue's URL and the fan-out settings, defaults unless told", () => {
    const env = environmentOf(template, 'notifier');
    expect(env.FANOUT_QUEUE_URL).toEqual({ Ref: fanoutQueue().id });
    expect(env).toMatchObject({ FANOUT_INLINE_LIMIT: '1000', FANOUT_SHARDS: '32', FANOUT_SHARD_SIZE: '500' });
  });

  it('takes each setting from a prop, else from context', () => {
    const { template: configured } = synthStack(
      { webSocketFanout: { shards: 8 } },
      { fanoutInlineLimit: '20', fanoutShards: '4', fanoutShardSize: '50', fanoutConcurrency: '3' },
    );
    expect(environmentOf(configured, 'notifier')).toMatchObject({
      FANOUT_INLINE_LIMIT: '20',
      FANOUT_SHARDS: '8',
      FANOUT_SHARD_SIZE: '50',
    });
    configured.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId(configured, 'fanout-poster') },
      ScalingConfig: { MaximumConcurrency: 3 },
    });
  });

  it.each([
    ['a context value that is no number', {}, { fanoutInlineLimit: 'many' }, /fanoutInlineLimit.*"many"/],
    ['a shard count of zero', { webSocketFanout: { shards: 0 } }, {}, /shards.*not 0/],
    ['a concurrency SQS mappings refuse', { webSocketFanout: { concurrency: 1 } }, {}, /2 to 1,000.*not 1/],
  ])('refuses %s, naming it', (_, props, context, message) => {
    expect(() => synthStack(props, context)).toThrow(message);
  });
});

describe('checks table and its stream', () => {
  it('streams new and old images, expires through TTL and keeps backups', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it.each(['notifier', 'publisher', 'appsync-events-publisher'])(
    'feeds the %s with partial batch responses, bisect, bounded retries, ten batches per shard at once and a failure queue',
    (handler) => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionId(template, handler) },
        EventSourceArn: { 'Fn::GetAtt': [checksTable, 'StreamArn'] },
        StartingPosition: 'LATEST',
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 10,
        MaximumRecordAgeInSeconds: 3600,
        // Order per check is all either consumer needs, and Lambda keeps it per item key.
        ParallelizationFactor: 10,
        DestinationConfig: {
          OnFailure: { Destination: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }) },
        },
      });
    },
  );
});

describe('queues', () => {
  const queueId = (match: (props: Record<string, unknown>) => boolean) =>
    logicalIdOfType(template, 'AWS::SQS::Queue', match);
  const jobsQueue = queueId((p) => p.VisibilityTimeout !== undefined && p.FifoQueue === undefined);

  it('dead-letters a job after three deliveries, with a visibility timeout six times the worker timeout', () => {
    const jobs = resourceOf(template, jobsQueue).Properties;
    expect(jobs.RedrivePolicy).toMatchObject({ maxReceiveCount: 3 });
    expect(jobs.VisibilityTimeout).toBe(6 * (functionProps(template, 'worker').Timeout as number));
  });

  it('keeps what the dead-letter consumers cannot handle in a queue of its own', () => {
    const jobsDeadLetters = (
      resourceOf(template, jobsQueue).Properties.RedrivePolicy as { deadLetterTargetArn: unknown }
    ).deadLetterTargetArn as { 'Fn::GetAtt': [string, string] };
    const deadLetterQueue = resourceOf(template, jobsDeadLetters['Fn::GetAtt'][0]).Properties;
    expect(deadLetterQueue.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
  });

  it.each([
    ['worker', 'jobs queue'],
    ['abandon-job', 'jobs dead-letter queue'],
    ['failure-recorder', 'webhook dead-letter queue'],
  ])('feeds the %s from the %s with partial batch responses', (handler) => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId(template, handler) },
      EventSourceArn: Match.objectLike({ 'Fn::GetAtt': Match.arrayWith(['Arn']) }),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('encrypts every queue and refuses plain HTTP to it', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    for (const queue of Object.values(queues)) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    }
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const queuesWithTls = policies
      .filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('"aws:SecureTransport":"false"'))
      .flatMap((p) => (p.Properties.Queues as { Ref: string }[]).map((q) => q.Ref));
    expect(new Set(queuesWithTls)).toEqual(new Set(Object.keys(queues)));
  });

  it('lets only the webhooks topic send to the webhook dead-letter queue', () => {
    const topic = logicalIdOfType(template, 'AWS::SNS::Topic', () => true);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sqs:SendMessage',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topic } } },
          }),
        ]),
      },
    });
    const env = environmentOf(template, 'subscriptions');
    expect(JSON.stringify(env.WEBHOOK_DLQ_ARN)).toContain('Arn');
    expect(JSON.parse(env.WEBHOOK_DELIVERY_POLICY as string)).toMatchObject({
      healthyRetryPolicy: { numRetries: expect.any(Number), backoffFunction: 'exponential' },
    });
    expect(env.WEBHOOK_URL_POLICY).toBe('public-https');
  });
});

describe('least privilege', () => {
  it.each([
    ['get-check', checksTable, ['dynamodb:GetItem']],
    ['check-events', checksTable, ['dynamodb:GetItem']],
    ['create-check', checksTable, ['dynamodb:PutItem', 'dynamodb:UpdateItem']],
    ['check-rpc', checksTable, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']],
    ['worker', checksTable, ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
    ['abandon-job', checksTable, ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
    ['ws-disconnect', connectionsTable, ['dynamodb:BatchWriteItem', 'dynamodb:Query']],
    ['notifier', connectionsTable, ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:Query']],
    ['fanout-poster', connectionsTable, ['dynamodb:BatchWriteItem', 'dynamodb:Query']],
    ['ws-message', connectionsTable, ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem']],
    [
      'subscriptions',
      subscriptionsTable,
      ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    ],
    ['subscriptions', failuresTable, ['dynamodb:BatchWriteItem', 'dynamodb:Query']],
    ['subscription-failures', failuresTable, ['dynamodb:BatchWriteItem', 'dynamodb:Query']],
    ['ws-message', checksTable, ['dynamodb:GetItem']],
    ['ws-connect', connectionsTable, ['dynamodb:PutItem']],
    ['subscription-failures', subscriptionsTable, ['dynamodb:GetItem']],
    ['failure-recorder', failuresTable, ['dynamodb:PutItem']],
  ])('lets %s do only what it needs on its table', (handler, table, actions) => {
    expect(actionsOn(template, handler, arnOf(table))).toEqual([...actions].sort());
  });

  it('lets the Connect function queue jobs exactly as POST /checks does, on the same queue', () => {
    const queueRef = environmentOf(template, 'create-check').JOBS_QUEUE_URL as { Ref: string };
    expect(environmentOf(template, 'check-rpc').JOBS_QUEUE_URL).toEqual(queueRef);
    const onQueue = (handler: string) => actionsOn(template, handler, arnOf(queueRef.Ref));
    expect(onQueue('check-rpc')).toEqual(onQueue('create-check'));
    expect(onQueue('check-rpc').length).toBeGreaterThan(0);
  });

  it('gives read-only functions no write access to any table', () => {
    for (const handler of ['get-check', 'check-events']) {
      const actions = statementsOf(template, handler)
        .flatMap(actionsOf)
        .filter((a) => !XRAY_ACTIONS.includes(a));
      expect(actions.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
    }
  });

  it('grants no action wildcard and no resource wildcard beyond ListStreams and X-Ray', () => {
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const statement of (
        policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
      ).Statement) {
        const actions = [statement.Action].flat() as string[];
        expect(actions.filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
        if ([statement.Resource].flat().includes('*')) {
          const beyond = actions.filter((a) => a !== 'dynamodb:ListStreams' && !XRAY_ACTIONS.includes(a));
          expect(beyond).toEqual([]);
        }
      }
    }
  });

  it('lets the failure recorder query its one index, not every index', () => {
    const statements = statementsOf(template, 'failure-recorder').filter((s) =>
      actionsOf(s).includes('dynamodb:Query'),
    );
    expect(JSON.stringify(statements.map((s) => s.Resource))).toContain('/index/bySubscriptionArn');
    expect(JSON.stringify(statements.map((s) => s.Resource))).not.toContain('/index/*');
  });

  it('lets the subscriptions API subscribe to its topic and manage only that topic’s subscriptions', () => {
    const topic = logicalIdOfType(template, 'AWS::SNS::Topic', () => true);
    expect(actionsOn(template, 'subscriptions', { Ref: topic })).toEqual(['sns:Subscribe']);
    const manage = statementsOf(template, 'subscriptions').find((s) =>
      actionsOf(s).includes('sns:Unsubscribe'),
    );
    expect(manage?.Resource).toEqual({ 'Fn::Join': ['', [{ Ref: topic }, ':*']] });
  });

  it('lets only the two authorizers read the token secret, each told which it is', () => {
    const secret = logicalIdOfType(template, 'AWS::SecretsManager::Secret', () => true);
    const readers = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes(`"Ref":"${secret}"`),
    );
    expect(readers).toHaveLength(2);
    for (const handler of ['authorizer', 'appsync-events-authorizer']) {
      expect(environmentOf(template, handler).TOKEN_SECRET_ARN).toEqual({ Ref: secret });
      expect(JSON.stringify(statementsOf(template, handler))).toContain(`"Ref":"${secret}"`);
    }
  });
});

describe('functions', () => {
  const functions = Object.values(template.findResources('AWS::Lambda::Function'));

  it('run Node.js 24 on arm64, with source maps and a log group that expires', () => {
    expect(functions.length).toBe(18);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
      const logGroup = resourceOf(
        template,
        (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref,
      );
      expect(logGroup.Properties.RetentionInDays).toBe(14);
    }
  });

  it('trace actively, with no X-Ray right but writing traces', () => {
    for (const fn of functions) expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    for (const handler of [
      'get-check',
      'ws-connect',
      'worker',
      'publisher',
      'authorizer',
      'appsync-events-authorizer',
      'appsync-events-publisher',
    ]) {
      const onAnything = actionsOn(template, handler, '*').filter((a) => a !== 'dynamodb:ListStreams');
      expect(onAnything).toEqual(XRAY_ACTIONS);
    }
  });

  it('gives every REST handler the allowed origins', () => {
    for (const handler of [
      'create-check',
      'get-check',
      'check-events',
      'subscriptions',
      'subscription-failures',
    ]) {
      expect(environmentOf(template, handler).ALLOWED_ORIGINS).toBe('*');
    }
  });
});

describe('configuration', () => {
  it('takes allowed origins, the webhook URL policy and data retention from context', () => {
    const { template: configured } = synthStack(
      {},
      {
        allowedOrigins: 'https://a.example, https://b.example',
        webhookUrlPolicy: 'allow-loopback-http',
        retainData: 'true',
      },
    );
    expect(environmentOf(configured, 'get-check').ALLOWED_ORIGINS).toBe(
      'https://a.example,https://b.example',
    );
    expect(environmentOf(configured, 'subscriptions').WEBHOOK_URL_POLICY).toBe('allow-loopback-http');
    for (const table of Object.values(configured.findResources('AWS::DynamoDB::Table'))) {
      const isConnections = JSON.stringify(table.Properties.KeySchema).includes('"pk"');
      expect(table.DeletionPolicy).toBe(isConnections ? 'Delete' : 'Retain');
    }
  });

  it('deletes its data with the stack by default', () => {
    for (const table of Object.values(template.findResources('AWS::DynamoDB::Table'))) {
      expect(table.DeletionPolicy).toBe('Delete');
    }
  });

  it('lets a token live a day at most by default', () => {
    expect(environmentOf(template, 'authorizer').TOKEN_MAX_LIFETIME_SECONDS).toBe('86400');
  });

  it('takes the longest token lifetime from a prop, else from context', () => {
    const fromProp = synthStack({ maxTokenLifetime: Duration.hours(2) }, { maxTokenLifetimeSeconds: '60' });
    expect(environmentOf(fromProp.template, 'authorizer').TOKEN_MAX_LIFETIME_SECONDS).toBe('7200');
    const fromContext = synthStack({}, { maxTokenLifetimeSeconds: '3600' });
    expect(environmentOf(fromContext.template, 'authorizer').TOKEN_MAX_LIFETIME_SECONDS).toBe('3600');
  });

  it.each([
    ['a context value that is no number', {}, { maxTokenLifetimeSeconds: 'forever' }, /"forever"/],
    ['a context value of zero', {}, { maxTokenLifetimeSeconds: '0' }, /"0"/],
    ['a lifetime of zero seconds', { maxTokenLifetime: Duration.seconds(0) }, {}, /not 0 seconds/],
    ['a lifetime in part-seconds', { maxTokenLifetime: Duration.millis(1500) }, {}, /1 second 500 millis/],
  ])('refuses %s as the longest token lifetime, naming it', (_, props, context, message) => {
    expect(() => synthStack(props, context)).toThrow(message);
  });

  it('refuses an unknown webhook URL policy, naming it', () => {
    expect(() => synthStack({}, { webhookUrlPolicy: 'anything' })).toThrow(/"anything"/);
  });

  it('hard-codes no account, region or physical name', () => {
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toMatch(/\b\d{12}\b/);
    expect(text).not.toMatch(/(us|eu|ap|sa|ca|me|af)-(east|west|north|south|central|northeast|southeast)-\d/);
    for (const table of Object.values(template.findResources('AWS::DynamoDB::Table'))) {
      expect(table.Properties.TableName).toBeUndefined();
    }
  });

  it('outputs the endpoints and the token secret', () => {
    const outputs = Object.keys(template.toJSON().Outputs as Record<string, unknown>);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'RestApiUrl',
        'WebSocketUrl',
        'TokenSecretArn',
        'WebhookDeadLetterQueueUrl',
        'WebSocketFanoutDeadLetterQueueUrl',
        'AppSyncEventsHttpUrl',
        'AppSyncEventsRealtimeUrl',
      ]),
    );
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing left unacknowledged', () => {
    const app = newApp();
    new RealtimeChecksStack(app, 'Nag');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    let failure: unknown;
    try {
      app.synth();
    } catch (error) {
      failure = error;
    }
    const report = JSON.parse(readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: {
        violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
      }[];
    };
    const violations = report.pluginReports.flatMap((r) =>
      r.violations.map(
        (v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`,
      ),
    );
    expect(violations).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it('is not vacuous: an unacknowledged finding fails the synth', () => {
    const app = newApp();
    const stack = new RealtimeChecksStack(app, 'NagProbe');
    new Queue(stack, 'PlainQueue');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/NagProbe\/PlainQueue[\s\S]*AwsSolutions-SQS4/);
  });
});
