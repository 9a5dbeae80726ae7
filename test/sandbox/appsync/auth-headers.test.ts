import { decodeAuthSubprotocol, normalizeHeaders } from '../../../sandbox/appsync/auth-headers';

const encode = (value: unknown, padded = false): string => {
  const text = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `header-${padded ? text.padEnd(Math.ceil(text.length / 4) * 4, '=') : text}`;
};

describe('the header- subprotocol', () => {
  it('decodes base64url JSON, with or without padding, names lower-cased', () => {
    const headers = { Authorization: 'Bearer x', host: 'example.com' };
    for (const padded of [false, true]) {
      expect(decodeAuthSubprotocol(['aws-appsync-event-ws', encode(headers, padded)])).toEqual({
        ok: true,
        headers: { authorization: 'Bearer x', host: 'example.com' },
      });
    }
  });

  it('decodes what base64url makes of bytes that plain base64 writes as + and /', () => {
    const headers = { authorization: '\u00ff\u00fe>?~' };
    const protocol = encode(headers);
    expect(protocol).toMatch(/[-_]/);
    expect(decodeAuthSubprotocol([protocol])).toEqual({ ok: true, headers });
  });

  it.each([
    ['missing', ['aws-appsync-event-ws'], 'no header-<base64url> subprotocol'],
    ['not base64url', ['header-a+b/c'], 'the header subprotocol is not base64url'],
    [
      'not JSON',
      [`header-${Buffer.from('nope').toString('base64url')}`],
      'the header subprotocol is not base64url-encoded JSON',
    ],
    ['a JSON list', [encode(['a'])], 'the header subprotocol does not hold a JSON object'],
  ])('refuses a subprotocol that is %s', (_what, protocols, reason) => {
    expect(decodeAuthSubprotocol(protocols)).toEqual({ ok: false, reason });
  });

  it('keeps only string header values', () => {
    expect(normalizeHeaders({ A: 'x', b: 1, c: ['y'] })).toEqual({ a: 'x' });
  });
});
