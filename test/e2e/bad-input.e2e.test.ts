import { randomUUID } from 'node:crypto';
import { issueToken } from '../../lambda/auth/tokens';
import { expectError } from './support/contract';
import { readEventStream } from './support/event-stream';
import type { HttpAnswer, RequestOptions } from './support/rest-client';
import { tenantSession, type TenantSession } from './support/suite';
import { acceptedWebhookUrl, type AcceptedWebhookUrl } from './support/webhook-url';

interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly options?: RequestOptions;
  readonly status: number;
  readonly code?: string;
}

describe('bad input answers 4xx with the error body, never 5xx', () => {
  let session: TenantSession;
  let checkId: string;
  let subscriptionId: string;

  beforeAll(async () => {
    session = await tenantSession('bad-input');
    checkId = (await session.api.createCheck({ target: 'bad-input.example', steps: 1, stepMs: 0 })).id;
  });

  async function expectAnswers(cases: readonly Case[]): Promise<void> {
    const answers = await Promise.all(
      cases.map(({ method, path, options }) => session.api.request(method, path, options)),
    );
    answers.forEach((answer: HttpAnswer, index) => {
      const { name, status, code } = cases[index] as Case;
      expect({ case: name, status: answer.status, body: answer.json }).toEqual({
        case: name,
        status,
        body: { error: { code: code ?? expect.any(String), message: expect.any(String) } },
      });
    });
  }

  it('POST /checks refuses bad JSON and every out-of-range field', async () => {
    const post = (name: string, rawBody: string, code = 'VALIDATION_ERROR'): Case => ({
      name,
      method: 'POST',
      path: 'checks',
      options: { rawBody, headers: { 'Content-Type': 'application/json' } },
      status: 400,
      code,
    });
    const json = (name: string, body: unknown) => post(name, JSON.stringify(body));

    await expectAnswers([
      post('invalid JSON', '{"target": ', 'INVALID_JSON'),
      post('empty body', '', 'INVALID_JSON'),
      json('not an object', ['example.com']),
      json('missing target', { steps: 2 }),
      json('empty target', { target: '' }),
      json('oversized target', { target: 'x'.repeat(257) }),
      json('target not a string', { target: 42 }),
      json('steps 0', { target: 't', steps: 0 }),
      json('steps 21', { target: 't', steps: 21 }),
      json('steps not whole', { target: 't', steps: 1.5 }),
      json('steps as a string', { target: 't', steps: '3' }),
      json('stepMs negative', { target: 't', stepMs: -1 }),
      json('stepMs 10001', { target: 't', stepMs: 10_001 }),
      json('failAtStep 0', { target: 't', failAtStep: 0 }),
      json('failAtStep past steps', { target: 't', steps: 2, failAtStep: 3 }),
      json('unknown field', { target: 't', priority: 'high' }),
    ]);
  });

  it('GET /checks/{id} refuses a bad id and bad long-poll parameters', async () => {
    const get = (name: string, path: string, query: Record<string, string>, status = 400): Case => ({
      name,
      method: 'GET',
      path,
      options: { query },
      status,
      code: status === 404 ? 'NOT_FOUND' : 'VALIDATION_ERROR',
    });
    const check = `checks/${checkId}`;

    await expectAnswers([
      get('not a UUID', 'checks/not-a-check-id', {}),
      get('unknown check', `checks/${randomUUID()}`, {}, 404),
      get('waitSeconds without afterVersion', check, { waitSeconds: '5' }),
      get('afterVersion without waitSeconds', check, { afterVersion: '1' }),
      get('waitSeconds 0', check, { waitSeconds: '0', afterVersion: '1' }),
      get('waitSeconds 26', check, { waitSeconds: '26', afterVersion: '1' }),
      get('waitSeconds not a number', check, { waitSeconds: 'soon', afterVersion: '1' }),
      get('afterVersion negative', check, { waitSeconds: '1', afterVersion: '-1' }),
      get('afterVersion not whole', check, { waitSeconds: '1', afterVersion: '1.5' }),
    ]);
  });

  it('GET /checks/{id}/events refuses a bad id and a bad Last-Event-ID before it streams', async () => {
    const auth = { Authorization: `Bearer ${session.token}` };
    const events = (id: string, query: Record<string, string> = {}) =>
      session.api.urlOf(`checks/${id}/events`, query);

    const streams = await Promise.all([
      readEventStream(events('not-a-check-id'), { headers: auth }),
      readEventStream(events(randomUUID()), { headers: auth }),
      readEventStream(events(checkId), { headers: { ...auth, 'Last-Event-ID': 'yesterday' } }),
      readEventStream(events(checkId, { lastEventId: '-1' }), { headers: auth }),
      readEventStream(events(checkId)),
      readEventStream(events(checkId, { token: 'not-a-token' })),
    ]);

    const expected = [
      [400, 'VALIDATION_ERROR'],
      [404, 'NOT_FOUND'],
      [400, 'VALIDATION_ERROR'],
      [400, 'VALIDATION_ERROR'],
      [401, undefined],
      [401, undefined],
    ] as const;
    streams.forEach((stream, index) => {
      const [status, code] = expected[index] ?? [0, undefined];
      expect({ request: index, status: stream.status, body: JSON.parse(stream.text ?? 'null') }).toEqual({
        request: index,
        status,
        body: { error: { code: code ?? expect.any(String), message: expect.any(String) } },
      });
    });
  });

  describe('subscriptions', () => {
    let webhook: AcceptedWebhookUrl;

    beforeAll(async () => {
      webhook = await acceptedWebhookUrl();
      const answer = await session.api.request('POST', 'subscriptions', {
        body: { url: webhook.url, events: ['check.done'] },
      });
      expect(answer.status).toBe(201);
      subscriptionId = (answer.json as { id: string }).id;
    });

    afterAll(async () => {
      await session.api.request('DELETE', `subscriptions/${subscriptionId}`);
      await webhook.release();
    });

    it('POST /subscriptions refuses bad JSON, bad URLs and bad event lists', async () => {
      const post = (name: string, body: unknown, code = 'VALIDATION_ERROR'): Case => ({
        name,
        method: 'POST',
        path: 'subscriptions',
        options: { body },
        status: 400,
        code,
      });
      // Passes the URL policy, so that only the field under test is wrong.
      const url = `${webhook.url}-${randomUUID()}`;

      await expectAnswers([
        {
          name: 'invalid JSON',
          method: 'POST',
          path: 'subscriptions',
          options: { rawBody: '{"url":', headers: { 'Content-Type': 'application/json' } },
          status: 400,
          code: 'INVALID_JSON',
        },
        post('not a URL', { url: 'not a url', events: ['check.done'] }),
        post(
          'metadata address',
          { url: 'http://169.254.169.254/latest/meta-data', events: ['check.done'] },
          'FORBIDDEN_URL',
        ),
        post(
          'metadata address over https',
          { url: 'https://169.254.169.254/', events: ['check.done'] },
          'FORBIDDEN_URL',
        ),
        post(
          'link-local address',
          { url: 'https://169.254.10.20/hook', events: ['check.done'] },
          'FORBIDDEN_URL',
        ),
        post(
          'IPv6 metadata address',
          { url: 'https://[fd00:ec2::254]/hook', events: ['check.done'] },
          'FORBIDDEN_URL',
        ),
        post('private address', { url: 'https://10.0.0.1/hook', events: ['check.done'] }, 'FORBIDDEN_URL'),
        post('not http(s)', { url: 'ftp://example.com/hook', events: ['check.done'] }, 'FORBIDDEN_URL'),
        post(
          'credentials in the URL',
          { url: 'https://user:pw@example.com/hook', events: ['check.done'] },
          'FORBIDDEN_URL',
        ),
        post(
          'empty user info',
          { url: 'https://@example.com/hook', events: ['check.done'] },
          'FORBIDDEN_URL',
        ),
        post(
          'a backslash before an @, which other parsers read as user info',
          { url: 'https://93.184.215.14\\@169.254.169.254/', events: ['check.done'] },
          'FORBIDDEN_URL',
        ),
        post('a leading space', { url: ` ${url}`, events: ['check.done'] }, 'FORBIDDEN_URL'),
        post('a NUL', { url: `${url}\u0000`, events: ['check.done'] }, 'FORBIDDEN_URL'),
        post('a CR LF', { url: `${url}\r\nX-Injected: 1`, events: ['check.done'] }, 'FORBIDDEN_URL'),
        post('missing url', { events: ['check.done'] }),
        post('missing events', { url }),
        post('no events', { url, events: [] }),
        post('unknown event type', { url, events: ['check.deleted'] }),
        post('repeated event type', { url, events: ['check.done', 'check.done'] }),
        post('events not a list', { url, events: 'check.done' }),
        post('bad checkId', { url, events: ['check.done'], checkId: 'not-a-check-id' }),
        post('unknown field', { url, events: ['check.done'], secret: 'x' }),
        {
          ...post('unknown checkId', { url, events: ['check.done'], checkId: randomUUID() }),
          status: 404,
          code: 'NOT_FOUND',
        },
      ]);
    });

    it('POST /subscriptions stores and answers the URL in the normalized form it checked', async () => {
      const url = new URL(`${webhook.url}-${randomUUID()}`);
      const respelled = `${url.origin.toUpperCase()}${url.pathname.replace(/\/([^/]*)$/, '/x/../$1')}`;

      const created = await session.api.request('POST', 'subscriptions', {
        body: { url: respelled, events: ['check.done'] },
      });

      expect(created.status).toBe(201);
      const { id, url: answered } = created.json as { id: string; url: string };
      try {
        expect(answered).toBe(url.href);
        expect((await session.api.request('GET', `subscriptions/${id}`)).json).toMatchObject({
          url: url.href,
        });
      } finally {
        await session.api.request('DELETE', `subscriptions/${id}`);
      }
    });

    it('the subscription routes refuse a bad or unknown subscription id and bad paging', async () => {
      const unknown = randomUUID();
      const body = { url: webhook.url, events: ['check.done'] };
      const notFound = (name: string, method: string, path: string, options?: RequestOptions): Case => ({
        name,
        method,
        path,
        status: 404,
        code: 'NOT_FOUND',
        ...(options === undefined ? {} : { options }),
      });

      await expectAnswers([
        {
          name: 'GET bad id',
          method: 'GET',
          path: 'subscriptions/not-an-id',
          status: 400,
          code: 'VALIDATION_ERROR',
        },
        {
          name: 'DELETE bad id',
          method: 'DELETE',
          path: 'subscriptions/not-an-id',
          status: 400,
          code: 'VALIDATION_ERROR',
        },
        notFound('GET unknown', 'GET', `subscriptions/${unknown}`),
        notFound('PUT unknown', 'PUT', `subscriptions/${unknown}`, { body }),
        notFound('DELETE unknown', 'DELETE', `subscriptions/${unknown}`),
        notFound('failures of unknown', 'GET', `subscriptions/${unknown}/failures`),
        notFound('replay of unknown', 'POST', `subscriptions/${unknown}/replay`),
        {
          name: 'PUT invalid JSON',
          method: 'PUT',
          path: `subscriptions/${subscriptionId}`,
          options: { rawBody: 'nope', headers: { 'Content-Type': 'application/json' } },
          status: 400,
          code: 'INVALID_JSON',
        },
        {
          name: 'PUT bad events',
          method: 'PUT',
          path: `subscriptions/${subscriptionId}`,
          options: { body: { ...body, events: [] } },
          status: 400,
          code: 'VALIDATION_ERROR',
        },
        {
          name: 'failures limit 0',
          method: 'GET',
          path: `subscriptions/${subscriptionId}/failures`,
          options: { query: { limit: '0' } },
          status: 400,
          code: 'VALIDATION_ERROR',
        },
        {
          name: 'failures limit 101',
          method: 'GET',
          path: `subscriptions/${subscriptionId}/failures`,
          options: { query: { limit: '101' } },
          status: 400,
          code: 'VALIDATION_ERROR',
        },
        {
          name: 'failures bad cursor',
          method: 'GET',
          path: `subscriptions/${subscriptionId}/failures`,
          options: { query: { cursor: 'not-a-cursor' } },
          status: 400,
          code: 'VALIDATION_ERROR',
        },
      ]);
    });
  });

  it('every route answers 401 without a valid token', async () => {
    const foreign = await issueToken('a-secret-that-the-api-does-not-know-at-all', session.tenant);
    const routes: [string, string][] = [
      ['POST', 'checks'],
      ['GET', `checks/${checkId}`],
      ['GET', 'subscriptions'],
      ['POST', 'subscriptions'],
      ['GET', `subscriptions/${randomUUID()}`],
      ['PUT', `subscriptions/${randomUUID()}`],
      ['DELETE', `subscriptions/${randomUUID()}`],
      ['GET', `subscriptions/${randomUUID()}/failures`],
      ['POST', `subscriptions/${randomUUID()}/replay`],
    ];
    const credentials: [string, RequestOptions][] = [
      ['no token', { token: null }],
      ['malformed token', { token: 'not-a-token' }],
      ['token of another secret', { token: foreign }],
      ['not a bearer token', { token: null, headers: { Authorization: `Basic ${session.token}` } }],
    ];

    await expectAnswers(
      routes.flatMap(([method, path]) =>
        credentials.map(([what, options]): Case => ({
          name: `${method} ${path} with ${what}`,
          method,
          path,
          options: { ...options, body: method === 'POST' || method === 'PUT' ? { target: 't' } : undefined },
          status: 401,
        })),
      ),
    );
  });

  it('lists in each CORS preflight only methods that are routed: each answers 401 without a token, none 403', async () => {
    const paths = [
      'checks',
      `checks/${checkId}`,
      `checks/${checkId}/events`,
      'subscriptions',
      `subscriptions/${randomUUID()}`,
      `subscriptions/${randomUUID()}/failures`,
      `subscriptions/${randomUUID()}/replay`,
    ];
    const listed = await Promise.all(
      paths.map(async (path) => {
        const preflight = await session.api.request('OPTIONS', path, {
          token: null,
          headers: { Origin: 'https://app.example.org', 'Access-Control-Request-Method': 'GET' },
        });
        const methods = (preflight.headers.get('access-control-allow-methods') ?? '').split(',');
        return methods.filter((method) => method !== 'OPTIONS').map((method) => [method, path] as const);
      }),
    );
    const routes = listed.flat();
    expect(routes.length).toBeGreaterThanOrEqual(paths.length);
    const answers = await Promise.all(
      routes.map(([method, path]) => session.api.request(method, path, { token: null })),
    );
    expect(routes.map(([method, path], index) => `${method} ${path} ${answers[index]?.status}`)).toEqual(
      routes.map(([method, path]) => `${method} ${path} 401`),
    );
  });

  // API Gateway does not let a stack customize its 413: the body is its own, not the contract's.
  it("answers an 11 MB body with API Gateway's own 413, which the client reads", async () => {
    const answer = await session.api.request('POST', 'checks', {
      rawBody: 'x'.repeat(11 * 1024 * 1024),
      headers: { 'Content-Type': 'application/json' },
    });
    expect({ status: answer.status, body: answer.json }).toEqual({
      status: 413,
      body: { message: expect.any(String) },
    });
  });

  // Under API Gateway's 10 MB but over Lambda's 6 MB: Lambda refuses the event, API Gateway answers 413.
  it('answers a 7 MB body, which Lambda cannot take, with a 413 rather than a 5xx', async () => {
    const answer = await session.api.request('POST', 'checks', {
      rawBody: JSON.stringify({ target: 'x'.repeat(7 * 1024 * 1024) }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect({ status: answer.status, body: answer.json }).toEqual({
      status: 413,
      body: { message: expect.any(String) },
    });
  });

  it('answers CORS preflights, and puts CORS headers on answers and refusals', async () => {
    const origin = 'https://app.example.org';
    const preflight = (path: string, method: string) =>
      session.api.request('OPTIONS', path, {
        token: null,
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': method,
          'Access-Control-Request-Headers': 'authorization,content-type',
        },
      });

    const asked: [string, string][] = [
      ['checks', 'POST'],
      [`checks/${checkId}`, 'GET'],
      [`checks/${checkId}/events`, 'GET'],
      ['subscriptions', 'POST'],
      [`subscriptions/${randomUUID()}`, 'DELETE'],
    ];
    const answers = await Promise.all(asked.map(([path, method]) => preflight(path, method)));
    const allowsOrigin = (headers: Headers) =>
      [origin, '*'].includes(headers.get('access-control-allow-origin') ?? '');

    answers.forEach((answer, index) => {
      const [path, method] = asked[index] ?? ['', ''];
      expect(answer.status).toBeGreaterThanOrEqual(200);
      expect(answer.status).toBeLessThan(300);
      expect(allowsOrigin(answer.headers)).toBe(true);
      expect({ path, allowed: answer.headers.get('access-control-allow-methods')?.split(',') }).toEqual({
        path,
        allowed: expect.arrayContaining([method]),
      });
      expect((answer.headers.get('access-control-allow-headers') ?? '').toLowerCase()).toContain(
        'authorization',
      );
    });
    const [ok, refused, unauthorized] = await Promise.all([
      session.api.getCheck(checkId, { Origin: origin }),
      session.api.request('GET', 'checks/not-a-check-id', { headers: { Origin: origin } }),
      session.api.request('GET', `checks/${checkId}`, { token: null, headers: { Origin: origin } }),
    ]);
    expect(ok.status).toBe(200);
    expectError(refused, 400, 'VALIDATION_ERROR');
    expectError(unauthorized, 401);
    for (const answer of [ok, refused, unauthorized]) expect(allowsOrigin(answer.headers)).toBe(true);
  });
});
