import type { APIGatewayEventWebsocketRequestContextV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const CONNECTED_AT = Date.UTC(2025, 0, 1, 12, 0, 0);

export function requestContext(
  connectionId: string,
  routeKey: string,
  eventType: APIGatewayEventWebsocketRequestContextV2['eventType'],
): APIGatewayEventWebsocketRequestContextV2 {
  return {
    routeKey,
    messageId: 'msg-1',
    eventType,
    extendedRequestId: 'ext-1',
    requestTime: '01/Jan/2025:12:00:00 +0000',
    messageDirection: 'IN',
    stage: 'prod',
    connectedAt: CONNECTED_AT,
    requestTimeEpoch: CONNECTED_AT,
    requestId: 'req-1',
    domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
    connectionId,
    apiId: 'abc123',
  };
}

export function messageEvent(
  connectionId: string,
  routeKey: string,
  body: string,
): APIGatewayProxyWebsocketEventV2 {
  return { requestContext: requestContext(connectionId, routeKey, 'MESSAGE'), body, isBase64Encoded: false };
}
