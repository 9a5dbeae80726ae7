import { payloadOf, PLAIN, socketArguments, type SocketDialect } from '../../../../bench/ws/socket-dialect';

const appSync: SocketDialect = {
  kind: 'appsync-events',
  subprotocols: ['aws-appsync-event-ws', 'header-e30'],
};

describe('socket dialects', () => {
  it('hands an AppSync data message on as the event it carries, as an API Gateway client receives it', () => {
    const event = '{"specversion":"1.0","id":"c1:2"}';
    expect(payloadOf(JSON.stringify({ type: 'data', id: 'fanout', event }), appSync)).toBe(event);
  });

  it('hands other messages on as they came', () => {
    const success = '{"type":"subscribe_success","id":"fanout"}';
    expect(payloadOf(success, appSync)).toBe(success);
    expect(payloadOf('{"type":"data","event":"x"}', PLAIN)).toBe('{"type":"data","event":"x"}');
  });

  it('offers the subprotocols on the upgrade and trusts the CA it is given', () => {
    expect(socketArguments({ ...appSync, ca: 'PEM' })).toEqual({
      protocols: ['aws-appsync-event-ws', 'header-e30'],
      options: { ca: 'PEM' },
    });
    expect(socketArguments(PLAIN)).toEqual({ protocols: [], options: {} });
  });
});
