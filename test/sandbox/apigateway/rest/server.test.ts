import { requestTooLarge } from '../../../../sandbox/lambda/lambda-errors';
import type { RestApiModel } from '../../../../sandbox/apigateway/rest/model';
import { startRestApi, type RunningRestApi } from '../../../../sandbox/apigateway/rest';
import { functionError, ok, type FakeInvoker } from './support/fake-invoker';
import { fetchJson, fetchText } from './support/http-client';
import {
  AUTHORIZER,
  authorized,
  CREATE_CHECK,
  GET_CHECK,
  invokerWithAuthorizer,
} from './support/product-functions';
import { templateApi } from './support/template-api';
import { until } from './support/until';

interface ProxyEventSeen {
  readonly resource: string;
  readonly path: string;
  readonly httpMethod: string;
  readonly headers: Record<string, string>;
  readonly queryStringParameters: Record<string, string> | null;
  readonly pathParameters: Record<string, string> | null;
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
  readonly requestContext: {
    readonly requestId: string;
    readonly path: string;
    readonly authorizer?: Record<string, unknown>;
  };
}

const contractError = (code: string, message: string | null) => ({ error: { code, message } });

/** The template's API with the buffered GET /checks/{id} timing out after `timeoutMs`. */
function withGetCheckTimeout(api: RestApiModel, timeoutMs: number): RestApiModel {
  return {
    ...api,
    resources: api.resources.map((resource) =>
      resource.path !== '/checks/{id}'
        ? resource
        : {
            ...resource,
            methods: {
              ...resource.methods,
              GET: {
                ...resource.methods.GET,
                integration: { ...resource.methods.GET.integration, timeoutMs } as never,
              },
            },
          },
    ),
  };
}

describe('the REST API server, on the product template', () => {
  const { api } = templateApi();
  let invoker: FakeInvoker;
  let server: RunningRestApi;
  const lines: string[] = [];

  beforeAll(async () => {
    invoker = invokerWithAuthorizer();
    server = await startRestApi(withGetCheckTimeout(api, 300), {
      invoker,
      host: '127.0.0.1',
      port: 0,
      maxPayloadBytes: 1024,
      log: (line) => lines.push(line),
    });
  });

  afterAll(() => server.stop());

  beforeEach(() => {
    invoker.calls.length = 0;
  });

  it('serves the stage at its URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prod\/$/);
  });

  it('routes GET /checks/{id} to its function with the proxy event and the authorizer context', async () => {
    invoker.answer(GET_CHECK, () =>
      ok({
        statusCode: 200,
        headers: { ETag: '"3"', 'Content-Type': 'application/json' },
        body: '{"id":"c1"}',
      }),
    );
    const answer = await fetchJson(`${server.url}checks/c1?waitSeconds=5&afterVersion=1&afterVersion=2`, {
      headers: { ...authorized, 'User-Agent': 'jest' },
    });
    expect(answer).toMatchObject({ status: 200, json: { id: 'c1' } });
    expect(answer.headers).toMatchObject({ etag: '"3"', 'content-length': '11' });
    expect(answer.headers).not.toHaveProperty('transfer-encoding');
    const [call] = invoker.callsTo(GET_CHECK);
    const event = call.event as ProxyEventSeen;
    expect(event).toMatchObject({
      resource: '/checks/{id}',
      path: '/checks/c1',
      httpMethod: 'GET',
      queryStringParameters: { waitSeconds: '5', afterVersion: '2' },
      pathParameters: { id: 'c1' },
      body: null,
      isBase64Encoded: false,
      requestContext: {
        path: '/prod/checks/c1',
        authorizer: { tenant: 'demo', principalId: 'demo', integrationLatency: expect.any(Number) },
      },
    });
    expect(event.headers).toMatchObject({
      Authorization: `Bearer good-token`,
      'User-Agent': 'jest',
      'X-Forwarded-For': '127.0.0.1',
    });
    expect(answer.headers['x-amzn-requestid']).toBe(event.requestContext.requestId);
  });

  it('routes POST /checks with its body, and reuses the cached authorizer result', async () => {
    invoker.answer(CREATE_CHECK, (event) =>
      ok({
        statusCode: 202,
        headers: { Location: '/prod/checks/c2' },
        body: (event as ProxyEventSeen).body ?? '',
      }),
    );
    const first = await fetchText(`${server.url}checks`, {
      method: 'POST',
      headers: { ...authorized, 'Content-Type': 'application/json' },
      body: '{"target":"é"}',
    });
    const second = await fetchText(`${server.url}checks`, {
      method: 'POST',
      headers: authorized,
      body: '{}',
    });
    expect([first.status, first.body, first.headers.location, second.status]).toEqual([
      202,
      '{"target":"é"}',
      '/prod/checks/c2',
      202,
    ]);
    expect((invoker.callsTo(CREATE_CHECK)[0].event as ProxyEventSeen).isBase64Encoded).toBe(false);
    expect(invoker.callsTo(AUTHORIZER)).toHaveLength(0);
  });

  it('answers 401 in the contract shape, with the CORS header, when the token is missing, without invoking', async () => {
    const answer = await fetchJson(`${server.url}checks/c1`);
    expect(answer).toMatchObject({ status: 401, json: contractError('UNAUTHORIZED', 'Unauthorized') });
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['x-amzn-errortype']).toBe('UnauthorizedException');
    expect(invoker.calls).toHaveLength(0);
  });

  it('answers 401 when the authorizer throws Unauthorized', async () => {
    const answer = await fetchJson(`${server.url}checks/c1`, { headers: { Authorization: 'Bearer wrong' } });
    expect(answer).toMatchObject({ status: 401, json: contractError('UNAUTHORIZED', 'Unauthorized') });
    expect(invoker.callsTo(AUTHORIZER)).toHaveLength(1);
    expect(invoker.callsTo(GET_CHECK)).toHaveLength(0);
  });

  it('answers 403 Missing Authentication Token to unknown paths and verbs, and Forbidden outside the stage', async () => {
    for (const [method, path] of [
      ['GET', 'nowhere'],
      ['DELETE', 'checks'],
      ['GET', 'checks/c1/events/more'],
    ]) {
      const answer = await fetchJson(`${server.url}${path}`, { method, headers: authorized });
      expect(answer).toMatchObject({
        status: 403,
        json: contractError('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token'),
      });
      expect(answer.headers['access-control-allow-origin']).toBe('*');
    }
    const outside = await fetchJson(server.url.replace('/prod/', '/dev/checks'));
    expect(outside).toMatchObject({ status: 403, json: { message: 'Forbidden' } });
    expect(invoker.calls).toHaveLength(0);
  });

  it('answers CORS preflights from the MOCK methods, without authorizer or function', async () => {
    const answer = await fetchText(`${server.url}checks/c1/events`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'OPTIONS,GET',
      'access-control-allow-headers': 'Authorization,Content-Type,If-None-Match,Last-Event-ID',
      'access-control-max-age': '3600',
    });
    expect(invoker.calls).toHaveLength(0);
  });

  it('lists in every preflight only methods that are routed: none answers 403 Missing Authentication Token', async () => {
    const preflighted = api.resources.filter((resource) => 'OPTIONS' in resource.methods);
    expect(preflighted.map(({ path }) => path)).toContain('/subscriptions/{id}');
    for (const { path } of preflighted) {
      const url = `${server.url}${path.slice(1).replace(/\{[^}]+\}/g, 'c1')}`;
      const preflight = await fetchText(url, {
        method: 'OPTIONS',
        headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'GET' },
      });
      const listed = String(preflight.headers['access-control-allow-methods']).split(',');
      for (const method of listed.filter((name) => name !== 'OPTIONS')) {
        const answer = await fetchText(url, { method });
        expect({ path, method, status: answer.status }).toEqual({ path, method, status: 401 });
      }
    }
  });

  it('answers 502 in the DEFAULT_5XX shape to a function error or a malformed response', async () => {
    invoker.answer(GET_CHECK, () => functionError('boom'));
    const failed = await fetchJson(`${server.url}checks/c1`, { headers: authorized });
    invoker.answer(GET_CHECK, () => ok({ statusCode: 200, body: { not: 'a string' } }));
    const malformed = await fetchJson(`${server.url}checks/c1`, { headers: authorized });
    for (const answer of [failed, malformed]) {
      expect(answer).toMatchObject({
        status: 502,
        json: contractError('DEFAULT_5XX', 'Internal server error'),
      });
      expect(answer.headers['access-control-allow-origin']).toBe('*');
    }
  });

  it('answers 413 as API Gateway does when Lambda refuses an event over its 6 MB limit, not a 502', async () => {
    const { errorMessage } = requestTooLarge('Invoke');
    invoker.answer(CREATE_CHECK, () => functionError(errorMessage, 'RequestTooLargeException'));
    const answer = await fetchJson(`${server.url}checks`, {
      method: 'POST',
      headers: authorized,
      body: '{}',
    });
    expect(answer).toMatchObject({ status: 413, json: { message: 'Request Too Long' } });
  });

  it('answers 504 when the function outlasts the integration timeout', async () => {
    let finish: () => void = () => undefined;
    invoker.answer(
      GET_CHECK,
      () => new Promise((resolve) => (finish = () => resolve(ok({ statusCode: 200, body: 'late' })))),
    );
    const answer = await fetchJson(`${server.url}checks/c1`, { headers: authorized });
    finish();
    expect(answer).toMatchObject({
      status: 504,
      json: contractError('INTEGRATION_TIMEOUT', 'Endpoint request timed out'),
    });
  });

  it("answers 413 to a payload over the limit with AWS's own body, which no gateway response changes, without invoking", async () => {
    const answer = await fetchJson(`${server.url}checks`, {
      method: 'POST',
      headers: authorized,
      body: 'x'.repeat(2048),
    });
    const chunked = await fetchJson(`${server.url}checks`, {
      method: 'POST',
      headers: { ...authorized, 'Transfer-Encoding': 'chunked' },
      body: 'x'.repeat(2048),
    });
    for (const tooLarge of [answer, chunked]) {
      expect(tooLarge).toMatchObject({ status: 413, json: { message: 'Request Too Long' } });
      expect(tooLarge.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(invoker.calls).toHaveLength(0);
  });

  it('logs one line per request with method, path, status and duration', async () => {
    lines.length = 0;
    await fetchText(`${server.url}checks/c1`);
    await until(() => lines.length > 0, 'the log line');
    expect(lines).toEqual([
      expect.stringMatching(/^GET \/prod\/checks\/c1 401 \d+ ms - authorizer \S+: no token$/),
    ]);
  });
});
