import type { APIGatewayProxyEvent } from 'aws-lambda';
import { CHECK_ID, CREATED_AT, TENANT } from './checks';

export interface RestEventOptions {
  readonly method?: string;
  readonly resource?: string;
  readonly path?: string;
  /** requestContext.path: the path with the stage in front. */
  readonly stagePath?: string;
  readonly pathParameters?: Record<string, string> | null;
  readonly query?: Record<string, string> | null;
  readonly headers?: Record<string, string>;
  /** A string is sent as it is, anything else as its JSON. */
  readonly body?: unknown;
  /** null: no authorizer context at all. */
  readonly tenant?: string | null;
}

/** The multi-value twin of a single-value map, as API Gateway sends both. */
export function multiValueOf(map: Record<string, string>): Record<string, string[]>;
export function multiValueOf(map: Record<string, string> | null): Record<string, string[]> | null;
export function multiValueOf(map: Record<string, string> | null): Record<string, string[]> | null {
  return map === null ? null : Object.fromEntries(Object.entries(map).map(([key, value]) => [key, [value]]));
}

/**
 * A REST proxy event as API Gateway sends it: empty maps are null, the stage is in
 * requestContext.path. By default TENANT reads CHECK_ID (`GET /checks/{id}`).
 */
export function restEvent({
  method = 'GET',
  resource = '/checks/{id}',
  path = `/checks/${CHECK_ID}`,
  stagePath = `/prod${path}`,
  pathParameters = { id: CHECK_ID },
  query = null,
  headers = {},
  body = null,
  tenant = TENANT,
}: RestEventOptions = {}): APIGatewayProxyEvent {
  const allHeaders = { Host: 'api.example.com', ...headers };
  return {
    resource,
    path,
    httpMethod: method,
    headers: allHeaders,
    multiValueHeaders: multiValueOf(allHeaders),
    queryStringParameters: query,
    multiValueQueryStringParameters: multiValueOf(query),
    pathParameters,
    stageVariables: null,
    body: body === null ? null : typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: tenant === null ? null : { principalId: tenant, integrationLatency: 0, tenant },
      protocol: 'HTTP/1.1',
      httpMethod: method,
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
        sourceIp: '203.0.113.7',
        user: null,
        userAgent: 'jest',
        userArn: null,
      },
      path: stagePath,
      stage: 'prod',
      requestId: 'request-1',
      requestTimeEpoch: CREATED_AT.getTime(),
      resourceId: 'res1',
      resourcePath: resource,
    },
  };
}
