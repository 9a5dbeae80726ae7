import { request } from 'node:http';
import { startRestApi, type RunningRestApi } from '../../../../sandbox/apigateway/rest';
import { rawRequest } from '../support/raw-http';
import type { FakeInvoker } from './support/fake-invoker';
import { authorized, invokerWithAuthorizer } from './support/product-functions';
import { templateApi } from './support/template-api';

/** What API Gateway answers to a 413, whatever the API's gateway responses say. */
const REQUEST_TOO_LONG = { message: 'Request Too Long' };

/** Posts `size` bytes over a fresh connection and reads the whole answer. */
function upload(url: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...authorized, 'Content-Type': 'application/json', 'Content-Length': size },
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(Buffer.alloc(size, 'x'));
  });
}

describe('the REST API server, refusing what its HTTP parser cannot read', () => {
  const { api } = templateApi();
  let invoker: FakeInvoker;
  let server: RunningRestApi;
  const lines: string[] = [];

  beforeAll(async () => {
    invoker = invokerWithAuthorizer();
    server = await startRestApi(api, {
      invoker,
      host: '127.0.0.1',
      port: 0,
      log: (line) => lines.push(line),
    });
  });

  afterAll(() => server.stop());

  beforeEach(() => {
    invoker.calls.length = 0;
  });

  const raw = (requestLine: string, headers: readonly string[] = []) =>
    rawRequest(
      server.url,
      [requestLine, 'Host: api.example', 'Connection: close', ...headers, '', ''].join('\r\n'),
    );

  it('answers an unknown method as an unrouted one: 403 Missing Authentication Token, shaped', async () => {
    const answer = await raw('FOO /prod/checks HTTP/1.1');
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'MISSING_AUTHENTICATION_TOKEN', message: 'Missing Authentication Token' },
    });
    expect(answer.headers).toMatchObject({
      'content-type': 'application/json',
      connection: 'close',
      'access-control-allow-origin': '*',
      'x-amzn-errortype': 'MissingAuthenticationTokenException',
    });
    expect(lines).toContainEqual(expect.stringMatching(/^FOO \/prod\/checks 403 .*HPE_INVALID_METHOD/));
  });

  it('answers an unknown method outside every stage with a plain 403 Forbidden', async () => {
    const answer = await raw('FOO /dev/checks HTTP/1.1');
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Forbidden' });
  });

  it('refuses headers over 10,240 bytes with 413, as API Gateway, even under Node 16 KiB default', async () => {
    for (const size of [11_000, 20_000]) {
      const answer = await raw('GET /prod/checks/c1 HTTP/1.1', [`X-Padding: ${'a'.repeat(size)}`]);
      expect({ size, status: answer.status }).toEqual({ size, status: 413 });
      expect(JSON.parse(answer.body)).toEqual(REQUEST_TOO_LONG);
      expect(answer.headers).toMatchObject({
        'content-type': 'application/json',
        connection: 'close',
        'x-amzn-errortype': 'RequestTooLargeException',
      });
    }
    expect(invoker.calls).toHaveLength(0);
    expect(lines).toContainEqual(expect.stringMatching(/^GET \/prod\/checks\/c1 413 .*HPE_HEADER_OVERFLOW$/));
  });

  it('serves a request whose headers are just under the limit', async () => {
    const answer = await raw('GET /prod/checks/c1 HTTP/1.1', [`X-Padding: ${'a'.repeat(9_000)}`]);
    expect(answer.status).toBe(401);
  });

  it('answers a request it cannot parse with 400 in the contract shape', async () => {
    const answer = await raw('GET /prod/checks HTTP/1.1', ['Not a header line']);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'DEFAULT_4XX', message: 'Bad Request' } });
    expect(answer.headers['content-type']).toBe('application/json');
  });

  it('lets a client uploading 11 MB read its 413 every time, instead of EPIPE or ECONNRESET', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const answer = await upload(`${server.url}checks`, 11 * 1024 * 1024);
      expect({ attempt, status: answer.status, body: JSON.parse(answer.body) as unknown }).toEqual({
        attempt,
        status: 413,
        body: REQUEST_TOO_LONG,
      });
    }
    expect(invoker.calls).toHaveLength(0);
  });

  it('reads an oversized body to its end before answering, so a client that reads only after sending gets its 413', async () => {
    const megabyte = Buffer.alloc(1024 * 1024, 'x');
    const body = Array.from({ length: 11 }, () => megabyte);
    const head = [
      'POST /prod/checks HTTP/1.1',
      'Host: api.example',
      `Authorization: ${authorized.Authorization}`,
      `Content-Length: ${11 * megabyte.length}`,
      '',
      '',
    ].join('\r\n');
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const answer = await rawRequest(server.url, head, body, 10);
      expect({ attempt, status: answer.status, body: JSON.parse(answer.body) as unknown }).toEqual({
        attempt,
        status: 413,
        body: REQUEST_TOO_LONG,
      });
    }
  });
});
