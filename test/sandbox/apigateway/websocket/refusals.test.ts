import { rawRequest } from '../support/raw-http';
import { startHarness, type Harness } from './support/harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(() => harness.stop());

const raw = (requestLine: string, headers: readonly string[] = []) =>
  rawRequest(
    harness.server.callbackUrl,
    [requestLine, 'Host: ws.example', 'Connection: close', ...headers, '', ''].join('\r\n'),
  );

describe('the WebSocket stage port, refusing what its HTTP parser cannot read', () => {
  it('answers an unknown method as API Gateway answers any unrouted request: 403 Forbidden', async () => {
    for (const target of ['/prod', '/prod/@connections/abc']) {
      const answer = await raw(`FOO ${target} HTTP/1.1`);
      expect({ target, status: answer.status, body: JSON.parse(answer.body) as unknown }).toEqual({
        target,
        status: 403,
        body: { message: 'Forbidden' },
      });
      expect(answer.headers).toMatchObject({
        'content-type': 'application/json',
        connection: 'close',
        'x-amzn-errortype': 'ForbiddenException',
      });
    }
    expect(harness.logs).toContainEqual(expect.stringMatching(/^FOO \/prod 403 .*HPE_INVALID_METHOD/));
  });

  it('refuses oversized headers with 413 and a JSON body, not an empty 431', async () => {
    const answer = await raw('GET /prod HTTP/1.1', [`X-Padding: ${'a'.repeat(20_000)}`]);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Request Too Long' });
    expect(answer.headers).toMatchObject({
      'content-type': 'application/json',
      'x-amzn-errortype': 'RequestTooLargeException',
    });
  });

  it('answers bytes that are not HTTP with 400 and a JSON body', async () => {
    const answer = await raw('GET /prod HTTP/1.1', ['Not a header line']);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Bad Request' });
  });
});
