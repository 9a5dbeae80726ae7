import { synthStack } from './synth';
import {
  actionsOf,
  environmentOf,
  functionId,
  logicalIdOfType,
  resourceOf,
  statementsOf,
} from './template-queries';

const { template } = synthStack();
const apiId = logicalIdOfType(template, 'AWS::AppSync::Api', () => true);
const eventConfig = resourceOf(template, apiId).Properties.EventConfig as Record<string, unknown>;
const XRAY_AND_STREAM_LISTING = ['dynamodb:ListStreams', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

describe('AppSync Events API', () => {
  it('authorizes with the Lambda authorizer and IAM only: connect and subscribe by Lambda, publish by IAM', () => {
    expect(eventConfig).toMatchObject({
      ConnectionAuthModes: [{ AuthType: 'AWS_LAMBDA' }],
      DefaultSubscribeAuthModes: [{ AuthType: 'AWS_LAMBDA' }],
      DefaultPublishAuthModes: [{ AuthType: 'AWS_IAM' }],
    });
    const providers = (eventConfig.AuthProviders as { AuthType: string }[]).map((p) => p.AuthType);
    expect(providers.sort()).toEqual(['AWS_IAM', 'AWS_LAMBDA']);
  });

  it('has one namespace, checks, whose subscribers are authorized by Lambda and publishers by IAM', () => {
    const namespaces = template.findResources('AWS::AppSync::ChannelNamespace');
    expect(Object.values(namespaces)).toHaveLength(1);
    template.hasResourceProperties('AWS::AppSync::ChannelNamespace', {
      ApiId: { 'Fn::GetAtt': [apiId, 'ApiId'] },
      Name: 'checks',
      SubscribeAuthModes: [{ AuthType: 'AWS_LAMBDA' }],
      PublishAuthModes: [{ AuthType: 'AWS_IAM' }],
    });
  });

  it('asks the AppSync Events authorizer, uncached, so every subscribe is judged on its channel', () => {
    const lambda = (
      eventConfig.AuthProviders as { AuthType: string; LambdaAuthorizerConfig?: unknown }[]
    ).find((p) => p.AuthType === 'AWS_LAMBDA');
    expect(lambda?.LambdaAuthorizerConfig).toEqual({
      AuthorizerUri: { 'Fn::GetAtt': [functionId(template, 'appsync-events-authorizer'), 'Arn'] },
      AuthorizerResultTtlInSeconds: 0,
    });
  });

  it('lets only this API invoke its authorizer', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [functionId(template, 'appsync-events-authorizer'), 'Arn'] },
      Principal: 'appsync.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [apiId, 'ApiArn'] },
    });
  });

  it('gives the authorizer the token rules of the other authorizers, the namespace, and nothing but the secret', () => {
    const env = environmentOf(template, 'appsync-events-authorizer');
    expect(env).toMatchObject({
      APPSYNC_EVENTS_NAMESPACE: 'checks',
      TOKEN_MAX_LIFETIME_SECONDS: environmentOf(template, 'authorizer').TOKEN_MAX_LIFETIME_SECONDS,
    });
    const actions = statementsOf(template, 'appsync-events-authorizer')
      .flatMap(actionsOf)
      .filter((a) => !XRAY_AND_STREAM_LISTING.includes(a));
    expect(actions.sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  });

  it('writes its logs to a two-week log group of its own, through a role that may write only there', () => {
    const logGroup = logicalIdOfType(template, 'AWS::Logs::LogGroup', (p) =>
      JSON.stringify(p.LogGroupName ?? '').includes('/aws/appsync/apis/'),
    );
    expect(resourceOf(template, logGroup).Properties).toEqual({
      LogGroupName: { 'Fn::Join': ['', ['/aws/appsync/apis/', { 'Fn::GetAtt': [apiId, 'ApiId'] }]] },
      RetentionInDays: 14,
    });
    const logConfig = eventConfig.LogConfig as { CloudWatchLogsRoleArn: { 'Fn::GetAtt': [string, string] } };
    expect(logConfig).toMatchObject({ LogLevel: 'ERROR' });
    const role = logConfig.CloudWatchLogsRoleArn['Fn::GetAtt'][0];
    expect(resourceOf(template, role).Properties).toMatchObject({
      AssumeRolePolicyDocument: {
        Statement: [expect.objectContaining({ Principal: { Service: 'appsync.amazonaws.com' } })],
      },
    });
    expect(resourceOf(template, role).Properties.ManagedPolicyArns).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: role }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] },
          },
        ],
      },
    });
  });

  it('outputs the HTTP and realtime endpoints as clients use them', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.AppSyncEventsHttpUrl.Value).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [apiId, 'Dns.Http'] }, '/event']],
    });
    expect(outputs.AppSyncEventsRealtimeUrl.Value).toEqual({
      'Fn::Join': ['', ['wss://', { 'Fn::GetAtt': [apiId, 'Dns.Realtime'] }, '/event/realtime']],
    });
  });
});

describe('AppSync Events publisher', () => {
  const statements = statementsOf(template, 'appsync-events-publisher');

  it('may publish to the checks namespace of this API, and nowhere else', () => {
    const appsync = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('appsync:')));
    expect(appsync).toHaveLength(1);
    expect(actionsOf(appsync[0])).toEqual(['appsync:EventPublish']);
    expect(appsync[0].Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':appsync:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':apis/',
          { 'Fn::GetAtt': [apiId, 'ApiId'] },
          '/channelNamespace/checks',
        ],
      ],
    });
  });

  it('may otherwise only read the checks stream and send to its failure queue', () => {
    const others = statements
      .flatMap(actionsOf)
      .filter((a) => !a.startsWith('appsync:') && !XRAY_AND_STREAM_LISTING.includes(a));
    expect(others.sort()).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
  });

  it('is told the HTTP host of the API and the namespace', () => {
    expect(environmentOf(template, 'appsync-events-publisher')).toMatchObject({
      APPSYNC_EVENTS_HTTP_DNS: { 'Fn::GetAtt': [apiId, 'Dns.Http'] },
      APPSYNC_EVENTS_NAMESPACE: 'checks',
    });
  });

  it('sends the stream batches it gives up on to a failure queue of its own', () => {
    const mapping = logicalIdOfType(
      template,
      'AWS::Lambda::EventSourceMapping',
      (p) =>
        JSON.stringify(p.FunctionName) ===
        JSON.stringify({ Ref: functionId(template, 'appsync-events-publisher') }),
    );
    const destination = (
      resourceOf(template, mapping).Properties.DestinationConfig as {
        OnFailure: { Destination: { 'Fn::GetAtt': [string, string] } };
      }
    ).OnFailure.Destination['Fn::GetAtt'][0];
    expect(resourceOf(template, destination).Type).toBe('AWS::SQS::Queue');
    const sends = statements.filter((s) => actionsOf(s).includes('sqs:SendMessage'));
    expect(sends.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [destination, 'Arn'] }]);
  });
});
