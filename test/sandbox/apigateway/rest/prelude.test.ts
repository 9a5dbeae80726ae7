import { MAX_PRELUDE_BYTES, scanPrelude } from '../../../../sandbox/apigateway/rest/prelude';

const prelude = (metadata: unknown): Buffer =>
  Buffer.concat([Buffer.from(JSON.stringify(metadata)), Buffer.alloc(8)]);

describe('the response-streaming prelude', () => {
  it('waits until the 8 NUL bytes arrive', () => {
    const whole = prelude({ statusCode: 200 });
    expect(scanPrelude(whole.subarray(0, 10))).toEqual({ state: 'incomplete' });
    expect(scanPrelude(whole.subarray(0, whole.length - 1))).toEqual({ state: 'incomplete' });
  });

  it('reads status, headers, multi-value headers and cookies, and keeps the body bytes that followed', () => {
    const scan = scanPrelude(
      Buffer.concat([
        prelude({
          statusCode: 201,
          headers: { 'Content-Type': 'text/event-stream', 'X-One': 'a' },
          multiValueHeaders: { 'X-Many': ['1', '2'] },
          cookies: ['a=1; Path=/', 'b=2'],
        }),
        Buffer.from('data: 1\n\n'),
      ]),
    );
    expect(scan).toEqual({
      state: 'complete',
      head: {
        statusCode: 201,
        headers: [
          ['X-Many', '1'],
          ['X-Many', '2'],
          ['Content-Type', 'text/event-stream'],
          ['X-One', 'a'],
          ['Set-Cookie', 'a=1; Path=/'],
          ['Set-Cookie', 'b=2'],
        ],
      },
      rest: Buffer.from('data: 1\n\n'),
    });
  });

  it('defaults the status to 200 and the content type to application/json', () => {
    const scan = scanPrelude(prelude({}));
    expect(scan).toMatchObject({
      state: 'complete',
      head: { statusCode: 200, headers: [['Content-Type', 'application/json']] },
    });
  });

  it.each([
    ['not JSON', Buffer.concat([Buffer.from('hello'), Buffer.alloc(8)])],
    ['not an object', prelude([1])],
    ['a bad status', prelude({ statusCode: 'ok' })],
    ['bad headers', prelude({ headers: { a: { b: 1 } } })],
    ['bad cookies', prelude({ cookies: 'a=1' })],
  ])('refuses a prelude that is %s', (_name, bytes) => {
    expect(scanPrelude(bytes)).toMatchObject({ state: 'invalid' });
  });

  it('refuses a stream whose first 16 KB hold no prelude', () => {
    expect(scanPrelude(Buffer.alloc(MAX_PRELUDE_BYTES + 100, 'a'))).toMatchObject({ state: 'invalid' });
  });
});
