import type { APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';

// The authorizer reads its configuration at module load, so a test imports this file first.
export const TOKEN_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token-secret-AbCdEf';
process.env.TOKEN_SECRET_ARN = TOKEN_SECRET_ARN;

export const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
export const REST_METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/checks/42';
export const REST_STAGE = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*';
export const WS_METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:ws456/prod/$connect';
export const WS_STAGE = 'arn:aws:execute-api:us-east-1:123456789012:ws456/prod/*';

export function tokenEvent(authorizationToken: string): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken, methodArn: REST_METHOD_ARN };
}

export interface RequestEventOptions {
  readonly headers?: Record<string, string> | null;
  readonly query?: Record<string, string> | null;
  readonly methodArn?: string;
}

/** A REQUEST authorizer event: the proxy event's fields without a body, empty maps null. */
export function requestEvent({
  headers = null,
  query = null,
  methodArn = REST_METHOD_ARN,
}: RequestEventOptions): APIGatewayRequestAuthorizerEvent {
  const multi = (map: Record<string, string> | null) =>
    map === null ? null : Object.fromEntries(Object.entries(map).map(([key, value]) => [key, [value]]));
  return {
    type: 'REQUEST',
    methodArn,
    resource: '/checks/{id}/events',
    path: '/checks/42/events',
    httpMethod: 'GET',
    headers,
    multiValueHeaders: multi(headers),
    pathParameters: { id: '42' },
    queryStringParameters: query,
    multiValueQueryStringParameters: multi(query),
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: undefined,
      protocol: 'HTTP/1.1',
      httpMethod: 'GET',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.9',
        user: null,
        userAgent: 'jest',
        userArn: null,
      },
      path: '/prod/checks/42/events',
      stage: 'prod',
      requestId: 'request-1',
      requestTimeEpoch: 1772600000000,
      resourceId: 'res1',
      resourcePath: '/checks/{id}/events',
    },
  };
}
