import { registerEventApis } from '../../../sandbox/appsync/register-apis';
import { Resolver } from '../../../sandbox/platform/resolver';
import { sdkEnvironment, type SandboxAws } from '../../../sandbox/platform/aws-environment';
import { readFunctions, registerFunctions, type FunctionDefinition } from '../../../sandbox/lambda/functions';
import { LambdaService } from '../../../sandbox/lambda/lambda-service';
import { logCollector, readAll } from './fixtures';
import { synthesizedStack } from '../support/synthesized-app';

// Nothing listens here: the validation path answers before any DynamoDB call.
const unreachable = 'http://127.0.0.1:9';
const aws: SandboxAws = {
  region: 'us-east-1',
  accountId: '000000000000',
  credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  endpoints: {
    dynamodb: unreachable,
    dynamodbStreams: unreachable,
    sqs: unreachable,
    sns: unreachable,
    secretsManager: unreachable,
  },
};

/** The check-events function of the synthesized app, its other resources given placeholder names. */
function checkEventsFunction(): FunctionDefinition {
  const app = synthesizedStack();
  const resolver = new Resolver({ region: aws.region, accountId: aws.accountId, stackName: app.stackName });
  registerFunctions(app, resolver);
  registerEventApis(app, resolver);
  for (const [logicalId, resource] of Object.entries(app.template.Resources)) {
    if (resource.Type === 'AWS::Lambda::Function' || resource.Type.startsWith('AWS::AppSync::')) continue;
    resolver.register(logicalId, {
      ref: `${logicalId}-ref`,
      attributes: { Arn: `arn:aws:sandbox:::${logicalId}` },
    });
  }
  const found = readFunctions(app, resolver).find(({ logicalId }) =>
    logicalId.startsWith('ChecksApiCheckEvents'),
  );
  if (found === undefined) throw new Error('No check-events function in cdk.out');
  return found;
}

const checkEvents = checkEventsFunction();
const withoutTable: FunctionDefinition = {
  ...checkEvents,
  name: 'check-events-without-table',
  arn: `${checkEvents.arn}-without-table`,
  environment: { ...checkEvents.environment, CHECKS_TABLE_NAME: '' },
};
const logs = logCollector();
const lambda = new LambdaService([checkEvents, withoutTable], {
  baseEnvironment: sdkEnvironment(aws),
  logSink: logs.sink,
});

afterAll(() => lambda.stop());

function event(tenant: string | undefined, id: string) {
  return {
    resource: '/checks/{id}/events',
    path: `/checks/${id}/events`,
    httpMethod: 'GET',
    headers: { Accept: 'text/event-stream' },
    queryStringParameters: null,
    pathParameters: { id },
    requestContext: { authorizer: tenant === undefined ? null : { principalId: tenant, tenant } },
    body: null,
    isBase64Encoded: false,
  };
}

async function streamed(functionArn: string, input: unknown) {
  const invocation = lambda.invokeWithResponseStream(functionArn, input);
  const bytes = await readAll(invocation.body);
  const end = bytes.indexOf(Buffer.alloc(8));
  return {
    contentType: invocation.contentType(),
    prelude: end === -1 ? undefined : (JSON.parse(bytes.subarray(0, end).toString()) as unknown),
    body: bytes.subarray(end + 8).toString(),
    outcome: await invocation.done,
  };
}

describe('the real check-events bundle', () => {
  it('answers an invalid check id with a JSON 400 through the HTTP prelude', async () => {
    const response = await streamed(checkEvents.arn, event('demo', 'not-a-uuid'));
    expect(response.contentType).toBe('application/vnd.awslambda.http-integration-response');
    expect(response.prelude).toEqual({
      statusCode: 400,
      headers: expect.objectContaining({
        'Content-Type': 'application/json',
        'Access-Control-Allow-Origin': '*',
      }),
    });
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'VALIDATION_ERROR', message: expect.any(String) },
    });
    expect(response.outcome.ok).toBe(true);
  });

  it('answers a request without a tenant with a JSON 401, and its logger reaches the log sink', async () => {
    const response = await streamed(
      checkEvents.name,
      event(undefined, '00000000-0000-4000-8000-000000000000'),
    );
    expect(response.prelude).toMatchObject({ statusCode: 401 });
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Unauthorized' } });
    expect(logs.lines(checkEvents.name)).toContainEqual(
      expect.stringContaining('"message":"Unauthorized request"'),
    );
  });

  it('fails its init without the table name, with a source-mapped trace', async () => {
    const outcome = await lambda.invoke(withoutTable.name, event('demo', 'not-a-uuid'));
    expect(outcome).toMatchObject({
      ok: false,
      error: { errorType: 'Error', errorMessage: 'Missing required environment variable CHECKS_TABLE_NAME' },
    });
    expect(outcome.ok ? [] : outcome.error.trace).toContainEqual(
      expect.stringContaining('lambda/shared/env.ts'),
    );
  });
});
