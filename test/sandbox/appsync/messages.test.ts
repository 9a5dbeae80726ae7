import { parseClientMessage, serverMessage } from '../../../sandbox/appsync/messages';

describe('client messages', () => {
  it('parses each type the protocol has', () => {
    expect(parseClientMessage('{"type":"connection_init"}')).toEqual({
      ok: true,
      message: { type: 'connection_init' },
    });
    expect(
      parseClientMessage(
        JSON.stringify({ type: 'subscribe', id: '1', channel: '/a/b', authorization: { x: 'y' } }),
      ),
    ).toEqual({
      ok: true,
      message: { type: 'subscribe', id: '1', channel: '/a/b', authorization: { x: 'y' } },
    });
    expect(parseClientMessage('{"type":"unsubscribe","id":"1"}')).toEqual({
      ok: true,
      message: { type: 'unsubscribe', id: '1' },
    });
    expect(
      parseClientMessage(JSON.stringify({ type: 'publish', id: '2', channel: '/a', events: ['1'] })),
    ).toEqual({
      ok: true,
      message: { type: 'publish', id: '2', channel: '/a', events: ['1'] },
    });
  });

  it('refuses text that is not JSON', () => {
    expect(parseClientMessage('{')).toEqual({
      ok: false,
      error: { errorType: 'BadRequestException', message: 'The message is not valid JSON' },
    });
  });

  it('names an unknown type as not supported', () => {
    expect(parseClientMessage('{"type":"start","id":"9"}')).toEqual({
      ok: false,
      id: '9',
      type: 'start',
      error: {
        errorType: 'UnsupportedOperation',
        message: 'start not supported through the realtime channel',
      },
    });
  });

  it('keeps the id of a known message that lacks a field, so the answer can name it', () => {
    const parsed = parseClientMessage('{"type":"subscribe","id":"7"}');
    expect(parsed).toMatchObject({
      ok: false,
      id: '7',
      type: 'subscribe',
      error: { errorType: 'BadRequestException' },
    });
    expect(parsed.ok === false && parsed.error.message).toContain('channel');
  });
});

describe('server messages', () => {
  it('carries the event of a data message as the JSON text it was published as', () => {
    expect(serverMessage.data('sub', '{"a":1}')).toEqual({ type: 'data', id: 'sub', event: '{"a":1}' });
  });

  it('acknowledges a connection with its timeout', () => {
    expect(serverMessage.connectionAck(300_000)).toEqual({
      type: 'connection_ack',
      connectionTimeoutMs: 300_000,
    });
  });
});
