import {
  connectDecision,
  errorFrame,
  messageReply,
} from '../../../../sandbox/apigateway/websocket/integration-results';
import { failed, ok } from './support/fake-invoker';

describe('connectDecision', () => {
  it('accepts a 2xx status, or a result without one', () => {
    expect(connectDecision(ok({ statusCode: 200 }))).toEqual({ kind: 'accept' });
    expect(connectDecision(ok({ statusCode: 204 }))).toEqual({ kind: 'accept' });
    expect(connectDecision(ok(null))).toEqual({ kind: 'accept' });
  });

  it('refuses with the integration own status when it is not 2xx', () => {
    expect(connectDecision(ok({ statusCode: 401 }))).toEqual({
      kind: 'refuse',
      status: 401,
      message: 'Unauthorized',
    });
    expect(connectDecision(ok({ statusCode: 302 }))).toMatchObject({ kind: 'refuse', status: 500 });
  });

  it('refuses with 500 when the function fails and 504 when it times out', () => {
    expect(connectDecision(failed('boom'))).toMatchObject({ kind: 'refuse', status: 500 });
    expect(connectDecision({ ok: 'timeout' })).toMatchObject({ kind: 'refuse', status: 504 });
  });

  it('confirms the subprotocol the integration names', () => {
    expect(connectDecision(ok({ statusCode: 200, headers: { 'sec-websocket-protocol': 'v1' } }))).toEqual({
      kind: 'accept',
      subprotocol: 'v1',
    });
  });
});

describe('messageReply', () => {
  it('sends the body back only when the route has a route response', () => {
    expect(messageReply(ok({ statusCode: 200, body: '{"type":"pong"}' }), true)).toEqual({
      kind: 'send',
      body: '{"type":"pong"}',
    });
    expect(messageReply(ok({ statusCode: 200, body: '{"type":"pong"}' }), false)).toEqual({ kind: 'none' });
    expect(messageReply(ok({ statusCode: 200 }), true)).toEqual({ kind: 'none' });
  });

  it('reports a failure or a timeout whether or not the route responds', () => {
    expect(messageReply(failed('boom'), false)).toEqual({ kind: 'error', message: 'Internal server error' });
    expect(messageReply({ ok: 'timeout' }, true)).toEqual({
      kind: 'error',
      message: 'Endpoint request timed out',
    });
  });
});

describe('errorFrame', () => {
  it('is spaced exactly as API Gateway writes it', () => {
    expect(errorFrame('Forbidden', 'AbC=', 'XyZ=')).toBe(
      '{"message": "Forbidden", "connectionId":"AbC=", "requestId":"XyZ="}',
    );
  });
});
