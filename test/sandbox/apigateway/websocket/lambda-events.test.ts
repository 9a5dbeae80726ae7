import { deterministicId, newAwsId } from '../../../../sandbox/apigateway/ids';
import { formatRequestTime } from '../../../../sandbox/apigateway/request-context';
import { clientRequestOf } from '../../../../sandbox/apigateway/websocket/handshake-request';
import {
  authorizerEvent,
  connectAuthorizerContext,
  connectEvent,
  disconnectEvent,
  laterAuthorizerContext,
  messageEvent,
  type ConnectionFacts,
} from '../../../../sandbox/apigateway/websocket/lambda-events';

const AT = Date.UTC(2024, 10, 11, 11, 35, 24, 553);

const facts: ConnectionFacts = {
  api: {
    apiId: 'abcdefghij',
    stageName: 'prod',
    domainName: 'abcdefghij.execute-api.us-east-1.amazonaws.com',
    stageVariables: {},
    region: 'us-east-1',
    accountId: '000000000000',
  },
  connectionId: 'BFHPhfCWIAMCKlQ=',
  connectedAt: AT,
  sourceIp: '127.0.0.1',
  userAgent: undefined,
};

const handshake = (url: string) =>
  clientRequestOf({
    url,
    rawHeaders: [
      'Host',
      '127.0.0.1:4000',
      'Connection',
      'Upgrade',
      'Upgrade',
      'websocket',
      'Sec-WebSocket-Version',
      '13',
      'Sec-WebSocket-Key',
      'dGhlIHNhbXBsZSBub25jZQ==',
      'X-Multi',
      'one',
      'x-multi',
      'two',
    ],
    remoteAddress: '::ffff:127.0.0.1',
    localPort: 4000,
  });

const request = { requestId: 'BFHPhFe3IAMF95g=', requestTimeEpoch: AT + 8 };

describe('ids and times', () => {
  it('writes connection ids as AWS does: 15 URL-safe base64 characters and =', () => {
    for (let index = 0; index < 50; index += 1) expect(newAwsId()).toMatch(/^[A-Za-z0-9_-]{15}=$/);
  });

  it('derives stable lower-case alphanumeric resource ids', () => {
    expect(deterministicId('WebSocketApi273F6915', 10)).toMatch(/^[a-z0-9]{10}$/);
    expect(deterministicId('WebSocketApi273F6915', 10)).toBe(deterministicId('WebSocketApi273F6915', 10));
    expect(deterministicId('Other', 10)).not.toBe(deterministicId('WebSocketApi273F6915', 10));
  });

  it('formats requestTime in the common log format', () => {
    expect(formatRequestTime(AT)).toBe('11/Nov/2024:11:35:24 +0000');
  });
});

describe('connectEvent', () => {
  it('carries the headers without the hop-by-hop ones, plus what API Gateway adds', () => {
    const event = connectEvent(facts, handshake('/prod?token=a&token=b&x=%20y'), request, 'Root=1-x-y');
    expect(event.headers).toEqual({
      Host: '127.0.0.1:4000',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'X-Multi': 'two',
      'X-Amzn-Trace-Id': 'Root=1-x-y',
      'X-Forwarded-For': '127.0.0.1',
      'X-Forwarded-Port': '4000',
      'X-Forwarded-Proto': 'http',
    });
    expect(event.multiValueHeaders['X-Multi']).toEqual(['one', 'two']);
    expect(event.queryStringParameters).toEqual({ token: 'b', x: ' y' });
    expect(event.multiValueQueryStringParameters).toEqual({ token: ['a', 'b'], x: [' y'] });
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).toEqual({
      routeKey: '$connect',
      eventType: 'CONNECT',
      extendedRequestId: 'BFHPhFe3IAMF95g=',
      requestTime: '11/Nov/2024:11:35:24 +0000',
      messageDirection: 'IN',
      stage: 'prod',
      connectedAt: AT,
      requestTimeEpoch: AT + 8,
      identity: { sourceIp: '127.0.0.1' },
      requestId: 'BFHPhFe3IAMF95g=',
      domainName: 'abcdefghij.execute-api.us-east-1.amazonaws.com',
      connectionId: 'BFHPhfCWIAMCKlQ=',
      apiId: 'abcdefghij',
    });
  });

  it('has no query maps without a query string, and carries the authorizer context', () => {
    const authorizer = connectAuthorizerContext({ principalId: 'p', context: { tenant: 't' } }, 12);
    const event = connectEvent(facts, handshake('/prod'), request, 'Root=1-x-y', authorizer);
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('multiValueQueryStringParameters');
    expect(event.requestContext).toMatchObject({
      authorizer: { tenant: 't', principalId: 'p', integrationLatency: 12 },
    });
  });
});

describe('authorizerEvent', () => {
  it('is a REQUEST event on the $connect method ARN, with {} for empty maps', () => {
    const event = authorizerEvent(facts, handshake('/prod'), request, 'Root=1-x-y');
    expect(event).toMatchObject({
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:us-east-1:000000000000:abcdefghij/prod/$connect',
      queryStringParameters: {},
      multiValueQueryStringParameters: {},
      stageVariables: {},
      requestContext: { routeKey: '$connect', eventType: 'CONNECT', connectionId: 'BFHPhfCWIAMCKlQ=' },
    });
    expect(event.headers).toMatchObject({ Connection: 'Upgrade', Upgrade: 'websocket' });
    expect(event.headers).not.toHaveProperty('Sec-WebSocket-Key');
    expect(event.multiValueHeaders['Sec-WebSocket-Key']).toEqual(['dGhlIHNhbXBsZSBub25jZQ==']);
  });
});

describe('messageEvent', () => {
  it('has no headers, a messageId, and the body as sent', () => {
    const event = messageEvent(
      { ...facts, userAgent: 'test-agent' },
      { ...request, messageId: 'BFaVtfGSIAMCKug=', routeKey: 'ping', body: '{"action":"ping"}' },
      laterAuthorizerContext({ principalId: 'p', context: { tenant: 't' } }),
    );
    expect(event).toEqual({
      requestContext: expect.objectContaining({
        routeKey: 'ping',
        messageId: 'BFaVtfGSIAMCKug=',
        eventType: 'MESSAGE',
        identity: { sourceIp: '127.0.0.1', userAgent: 'test-agent' },
        authorizer: { tenant: 't', principalId: 'p' },
      }),
      body: '{"action":"ping"}',
      isBase64Encoded: false,
    });
  });
});

describe('disconnectEvent', () => {
  it('has only the four headers AWS sends, and the close code and reason', () => {
    const event = disconnectEvent(facts, '127.0.0.1:4000', {
      ...request,
      code: 1005,
      reason: 'Client-side close frame status not set',
    });
    expect(event.headers).toEqual({
      Host: '127.0.0.1:4000',
      'x-api-key': '',
      'X-Forwarded-For': '',
      'x-restapi': '',
    });
    expect(event.multiValueHeaders).toEqual({
      Host: ['127.0.0.1:4000'],
      'x-api-key': [''],
      'X-Forwarded-For': [''],
      'x-restapi': [''],
    });
    expect(event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      disconnectStatusCode: 1005,
      disconnectReason: 'Client-side close frame status not set',
    });
    expect(event).not.toHaveProperty('body');
  });
});
