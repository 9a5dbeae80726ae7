import { parseProxyResponse } from '../../../../sandbox/apigateway/rest/proxy-response';

describe('buffered Lambda proxy responses', () => {
  it('passes status, headers and body, and defaults the content type to application/json', () => {
    expect(parseProxyResponse({ statusCode: 202, headers: { ETag: '"1"' }, body: '{"a":1}' }, false)).toEqual(
      {
        ok: true,
        statusCode: 202,
        headers: [
          ['ETag', '"1"'],
          ['Content-Type', 'application/json'],
        ],
        body: Buffer.from('{"a":1}'),
      },
    );
  });

  it('accepts a string status, no body, and boolean header values', () => {
    expect(parseProxyResponse({ statusCode: '304', headers: { 'X-Cached': true } }, false)).toEqual({
      ok: true,
      statusCode: 304,
      headers: [
        ['X-Cached', 'true'],
        ['Content-Type', 'application/json'],
      ],
      body: Buffer.alloc(0),
    });
  });

  it('merges multiValueHeaders and headers; a value in both is sent once', () => {
    const parsed = parseProxyResponse(
      {
        statusCode: 200,
        headers: { 'set-cookie': 'c=3', 'X-Same': 'v', 'Content-Type': 'text/plain' },
        multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'], 'x-same': ['v'] },
        body: 'hi',
      },
      false,
    );
    expect(parsed).toMatchObject({
      ok: true,
      headers: [
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
        ['x-same', 'v'],
        ['set-cookie', 'c=3'],
        ['Content-Type', 'text/plain'],
      ],
    });
  });

  it("remaps the function's framing headers and drops Transfer-Encoding", () => {
    const parsed = parseProxyResponse(
      {
        statusCode: 200,
        headers: { Date: 'x', Server: 'y', 'Transfer-Encoding': 'chunked', 'Content-Type': 'text/plain' },
      },
      false,
    );
    expect(parsed).toMatchObject({
      headers: [
        ['x-amzn-Remapped-Date', 'x'],
        ['x-amzn-Remapped-Server', 'y'],
        ['Content-Type', 'text/plain'],
      ],
    });
  });

  it('decodes a base64 body only when the client accepts a binary media type', () => {
    const response = {
      statusCode: 200,
      body: Buffer.from([1, 2, 3]).toString('base64'),
      isBase64Encoded: true,
    };
    expect(parseProxyResponse(response, true)).toMatchObject({ body: Buffer.from([1, 2, 3]) });
    expect(parseProxyResponse(response, false)).toMatchObject({ body: Buffer.from('AQID') });
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['an unknown field', { statusCode: 200, cookies: [] }],
    ['a bad status', { statusCode: 'OK' }],
    ['an out-of-range status', { statusCode: 99 }],
    ['a number header', { statusCode: 200, headers: { 'Content-Length': 3 } }],
    ['a non-list multi-value header', { statusCode: 200, multiValueHeaders: { a: 'b' } }],
    ['an object body', { statusCode: 200, body: { a: 1 } }],
    ['a string isBase64Encoded', { statusCode: 200, isBase64Encoded: 'true' }],
  ])('refuses a response that is %s', (_name, payload) => {
    expect(parseProxyResponse(payload, false).ok).toBe(false);
  });
});
