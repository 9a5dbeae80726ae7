import type { APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { multiValueOf, restEvent } from '../support/rest-event';

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
  const proxy = restEvent({
    resource: '/checks/{id}/events',
    path: '/checks/42/events',
    pathParameters: { id: '42' },
    query,
    tenant: null,
  });
  return {
    type: 'REQUEST',
    methodArn,
    resource: proxy.resource,
    path: proxy.path,
    httpMethod: proxy.httpMethod,
    // Only the headers given, so a test can send none at all.
    headers,
    multiValueHeaders: multiValueOf(headers),
    pathParameters: proxy.pathParameters,
    queryStringParameters: proxy.queryStringParameters,
    multiValueQueryStringParameters: proxy.multiValueQueryStringParameters,
    stageVariables: proxy.stageVariables,
    requestContext: { ...proxy.requestContext, authorizer: undefined },
  };
}
