import { formatRequestTime } from '../../../../sandbox/apigateway/request-context';
import {
  buildProxyEvent,
  type ApiFacts,
  type RequestFacts,
  type RouteFacts,
} from '../../../../sandbox/apigateway/rest/proxy-event';

const api: ApiFacts = {
  apiId: 'kafaq0xxdt',
  accountId: '123456789012',
  region: 'us-east-1',
  deploymentId: 'dt24fn',
  stageVariables: null,
  binaryMediaTypes: ['image/*'],
};

const request = (overrides: Partial<RequestFacts> = {}): RequestFacts => ({
  httpMethod: 'GET',
  stage: 'prod',
  pathAfterStage: '/checks/c1',
  rawQuery: 'n=you&n=me',
  headerPairs: [
    ['Host', '127.0.0.1:4010'],
    ['User-Agent', 'curl/8.5.0'],
    ['Accept', '*/*'],
  ],
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  protocol: 'HTTP/1.1',
  requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  extendedRequestId: 'BQGojGQ4IAMFnrQ=',
  receivedAt: Date.UTC(2025, 7, 7, 19, 20, 59, 123),
  ...overrides,
});

const route: RouteFacts = {
  resourceId: 'ny0ky6',
  resourcePath: '/checks/{id}',
  pathParameters: { id: 'c1' },
};

describe('the Lambda proxy event (payload 1.0)', () => {
  it('has the shape of AWS’s documented sample, field by field', () => {
    const event = buildProxyEvent(api, request(), route, {
      tenant: 'demo',
      principalId: 'demo',
      integrationLatency: 7,
    });
    expect(event).toEqual({
      resource: '/checks/{id}',
      path: '/checks/c1',
      httpMethod: 'GET',
      headers: { Host: '127.0.0.1:4010', 'User-Agent': 'curl/8.5.0', Accept: '*/*' },
      multiValueHeaders: { Host: ['127.0.0.1:4010'], 'User-Agent': ['curl/8.5.0'], Accept: ['*/*'] },
      queryStringParameters: { n: 'me' },
      multiValueQueryStringParameters: { n: ['you', 'me'] },
      pathParameters: { id: 'c1' },
      stageVariables: null,
      requestContext: {
        resourceId: 'ny0ky6',
        resourcePath: '/checks/{id}',
        httpMethod: 'GET',
        extendedRequestId: 'BQGojGQ4IAMFnrQ=',
        requestTime: '07/Aug/2025:19:20:59 +0000',
        path: '/prod/checks/c1',
        accountId: '123456789012',
        protocol: 'HTTP/1.1',
        stage: 'prod',
        domainPrefix: '127',
        requestTimeEpoch: Date.UTC(2025, 7, 7, 19, 20, 59, 123),
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        identity: {
          cognitoIdentityPoolId: null,
          accountId: null,
          cognitoIdentityId: null,
          caller: null,
          sourceIp: '127.0.0.1',
          principalOrgId: null,
          accessKey: null,
          cognitoAuthenticationType: null,
          cognitoAuthenticationProvider: null,
          userArn: null,
          userAgent: 'curl/8.5.0',
          user: null,
        },
        domainName: '127.0.0.1:4010',
        deploymentId: 'dt24fn',
        apiId: 'kafaq0xxdt',
        authorizer: { tenant: 'demo', principalId: 'demo', integrationLatency: 7 },
      },
      body: null,
      isBase64Encoded: false,
    });
  });

  it('gives null, not {}, for empty query and path maps, and no authorizer key without an authorizer', () => {
    const event = buildProxyEvent(api, request({ rawQuery: '' }), { ...route, pathParameters: null });
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.pathParameters).toBeNull();
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('passes a text body as a UTF-8 string and a binary media type as base64', () => {
    const text = buildProxyEvent(
      api,
      request({
        httpMethod: 'POST',
        body: Buffer.from('{"target":"é"}'),
        headerPairs: [['Content-Type', 'application/json']],
      }),
      route,
    );
    expect(text).toMatchObject({ body: '{"target":"é"}', isBase64Encoded: false });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const binary = buildProxyEvent(
      api,
      request({ httpMethod: 'POST', body: png, headerPairs: [['content-type', 'image/png']] }),
      route,
    );
    expect(binary).toMatchObject({ body: png.toString('base64'), isBase64Encoded: true });
  });

  it('maps the stage root to path "/" and keeps the stage in requestContext.path', () => {
    const event = buildProxyEvent(api, request({ pathAfterStage: '' }), {
      resourceId: 'r',
      resourcePath: '/',
      pathParameters: null,
    });
    expect(event.path).toBe('/');
    expect(event.requestContext.path).toBe('/prod');
  });

  it('formats requestTime as AWS does, in UTC with zero padding', () => {
    expect(formatRequestTime(Date.UTC(2026, 0, 3, 4, 5, 6))).toBe('03/Jan/2026:04:05:06 +0000');
  });
});
