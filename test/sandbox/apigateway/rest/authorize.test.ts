import { allowPolicy } from '../../../../lambda/auth/auth-policy';
import { authorize, type AuthorizeRequest } from '../../../../sandbox/apigateway/rest/authorize';
import { AuthorizerCache } from '../../../../sandbox/apigateway/rest/authorizer-cache';
import type { RequestValues } from '../../../../sandbox/apigateway/rest/request-values';
import type { AuthorizerModel } from '../../../../sandbox/apigateway/rest/model';
import type { ApiFacts, RequestFacts, RouteFacts } from '../../../../sandbox/apigateway/rest/proxy-event';
import { FakeInvoker, functionError, ok } from './support/fake-invoker';

const AUTHORIZER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:Authorizer';

const tokenAuthorizer: AuthorizerModel = {
  id: 'tok123',
  name: 'HeaderAuthorizer',
  type: 'TOKEN',
  functionArn: AUTHORIZER_ARN,
  identitySources: [{ from: 'header', name: 'Authorization' }],
  validationExpression: '^Bearer [-0-9A-Za-z._~+/]+=*$',
  ttlSeconds: 300,
};

const requestAuthorizer: AuthorizerModel = {
  id: 'req123',
  name: 'HeaderOrQueryAuthorizer',
  type: 'REQUEST',
  functionArn: AUTHORIZER_ARN,
  identitySources: [],
  validationExpression: undefined,
  ttlSeconds: 0,
};

const api: ApiFacts = {
  apiId: 'kafaq0xxdt',
  accountId: '123456789012',
  region: 'us-east-1',
  deploymentId: 'dep123',
  stageVariables: null,
  binaryMediaTypes: [],
};

const route: RouteFacts = {
  resourceId: 'res123',
  resourcePath: '/checks/{id}',
  pathParameters: { id: 'c1' },
};

function setUp(authorizer: AuthorizerModel, invoker: FakeInvoker) {
  let clock = 1_000_000;
  const cache = new AuthorizerCache(() => clock);
  const call = (
    headers: Record<string, string>,
    httpMethod = 'GET',
    path = '/checks/c1',
    rawQuery = '',
  ): Promise<unknown> => {
    const request: RequestFacts = {
      httpMethod,
      stage: 'prod',
      pathAfterStage: path,
      rawQuery,
      headerPairs: Object.entries(headers),
      body: Buffer.alloc(0),
      sourceIp: '127.0.0.1',
      protocol: 'HTTP/1.1',
      requestId: 'r',
      extendedRequestId: 'e',
      receivedAt: clock,
    };
    const values: RequestValues = {
      headers,
      query: rawQuery === '' ? null : Object.fromEntries(new URLSearchParams(rawQuery)),
      path: route.pathParameters,
      stageVariables: null,
      context: {},
    };
    const input: AuthorizeRequest = {
      authorizer,
      invoker,
      cache,
      api,
      request,
      route,
      values,
      now: () => clock,
    };
    return authorize(input);
  };
  return { call, advance: (ms: number) => (clock += ms) };
}

/** The product's authorizer: allows a good token on the whole stage, throws Unauthorized otherwise. */
function productAuthorizer(): FakeInvoker {
  return new FakeInvoker().answer(AUTHORIZER_ARN, (event) => {
    const { authorizationToken, methodArn } = event as { authorizationToken: string; methodArn: string };
    return authorizationToken === 'Bearer good'
      ? ok(allowPolicy('demo', methodArn))
      : functionError('Unauthorized');
  });
}

describe('Lambda authorizers', () => {
  it('answer 401 without invoking when the token is missing, empty or fails the validation expression', async () => {
    const invoker = productAuthorizer();
    const { call } = setUp(tokenAuthorizer, invoker);
    const attempts: Array<Record<string, string>> = [
      {},
      { Authorization: '' },
      { authorization: 'Basic abc' },
    ];
    for (const headers of attempts) {
      await expect(call(headers)).resolves.toMatchObject({
        ok: false,
        error: { statusCode: 401, type: 'UNAUTHORIZED' },
      });
    }
    expect(invoker.calls).toHaveLength(0);
  });

  it('send a TOKEN event and put principal and context in the request context, stringified', async () => {
    const invoker = productAuthorizer();
    const { call } = setUp(tokenAuthorizer, invoker);
    const outcome = await call({ authorization: 'Bearer good' });
    expect(invoker.calls[0].event).toEqual({
      type: 'TOKEN',
      authorizationToken: 'Bearer good',
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:kafaq0xxdt/prod/GET/checks/c1',
    });
    expect(outcome).toEqual({
      ok: true,
      context: { tenant: 'demo', principalId: 'demo', integrationLatency: 0 },
    });
  });

  it('cache a result per token for the TTL and evaluate it against each new method ARN', async () => {
    const invoker = new FakeInvoker().answer(AUTHORIZER_ARN, (event) => {
      const { methodArn } = event as { methodArn: string };
      // A policy naming only the first method: a cached copy must not open other routes.
      return ok({
        principalId: 'demo',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: methodArn }],
        },
      });
    });
    const { call, advance } = setUp(tokenAuthorizer, invoker);
    await expect(call({ Authorization: 'Bearer good' })).resolves.toMatchObject({ ok: true });
    await expect(call({ Authorization: 'Bearer good' }, 'POST', '/checks')).resolves.toMatchObject({
      ok: false,
      error: {
        statusCode: 403,
        type: 'ACCESS_DENIED',
        message: 'User is not authorized to access this resource',
      },
    });
    expect(invoker.calls).toHaveLength(1);
    advance(300_000);
    await expect(call({ Authorization: 'Bearer good' }, 'POST', '/checks')).resolves.toMatchObject({
      ok: true,
    });
    expect(invoker.calls).toHaveLength(2);
  });

  it('answer 401 to a thrown "Unauthorized" and 500 to any other failure or a malformed output', async () => {
    const answers = [
      functionError('Unauthorized'),
      functionError('Unauthorized: expired'),
      functionError('Task timed out after 3.00 seconds', 'Sandbox.Timedout'),
      ok({ principalId: 'u' }),
      ok({ principalId: 'u', policyDocument: { Statement: [] }, context: { claims: { sub: 'u' } } }),
    ];
    const invoker = new FakeInvoker().answer(AUTHORIZER_ARN, () => answers.shift() ?? ok(null));
    const { call } = setUp(tokenAuthorizer, invoker);
    const statuses = [];
    for (let index = 0; index < 5; index += 1) {
      const outcome = (await call({ Authorization: `Bearer t${index}` })) as {
        error: { statusCode: number; type: string };
      };
      statuses.push(`${outcome.error.statusCode} ${outcome.error.type}`);
    }
    expect(statuses).toEqual([
      '401 UNAUTHORIZED',
      '500 AUTHORIZER_CONFIGURATION_ERROR',
      '500 AUTHORIZER_CONFIGURATION_ERROR',
      '500 AUTHORIZER_CONFIGURATION_ERROR',
      '500 AUTHORIZER_CONFIGURATION_ERROR',
    ]);
  });

  it('answer 403 with the explicit-deny message to a Deny', async () => {
    const invoker = new FakeInvoker().answer(AUTHORIZER_ARN, () =>
      ok({
        principalId: 'u',
        policyDocument: { Statement: [{ Action: '*', Effect: 'Deny', Resource: '*' }] },
      }),
    );
    const { call } = setUp(tokenAuthorizer, invoker);
    await expect(call({ Authorization: 'Bearer t' })).resolves.toMatchObject({
      ok: false,
      error: {
        statusCode: 403,
        message: 'User is not authorized to access this resource with an explicit deny',
      },
    });
  });

  it('invoke an uncached REQUEST authorizer on every call, with the request fields and no body', async () => {
    const invoker = new FakeInvoker().answer(AUTHORIZER_ARN, (event) =>
      ok(allowPolicy('demo', (event as { methodArn: string }).methodArn)),
    );
    const { call } = setUp(requestAuthorizer, invoker);
    await call({ Host: 'h' }, 'GET', '/checks/c1/events', 'token=abc');
    await call({ Host: 'h' }, 'GET', '/checks/c1/events', 'token=abc');
    expect(invoker.calls).toHaveLength(2);
    const event = invoker.calls[0].event as Record<string, unknown>;
    expect(Object.keys(event)).toEqual([
      'type',
      'methodArn',
      'resource',
      'path',
      'httpMethod',
      'headers',
      'multiValueHeaders',
      'queryStringParameters',
      'multiValueQueryStringParameters',
      'pathParameters',
      'stageVariables',
      'requestContext',
    ]);
    expect(event).toMatchObject({
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:kafaq0xxdt/prod/GET/checks/c1/events',
      queryStringParameters: { token: 'abc' },
      requestContext: { requestId: 'r', stage: 'prod', resourcePath: '/checks/{id}' },
    });
  });

  it('require the identity sources of a cached REQUEST authorizer', async () => {
    const invoker = new FakeInvoker().answer(AUTHORIZER_ARN, () =>
      ok(allowPolicy('demo', 'arn:aws:execute-api:r:a:api/prod/GET/x')),
    );
    const cached: AuthorizerModel = {
      ...requestAuthorizer,
      ttlSeconds: 60,
      identitySources: [{ from: 'querystring', name: 'token' }],
    };
    const { call } = setUp(cached, invoker);
    await expect(call({})).resolves.toMatchObject({ ok: false, error: { statusCode: 401 } });
    expect(invoker.calls).toHaveLength(0);
  });
});
