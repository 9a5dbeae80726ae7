import { startRestApi, type RunningRestApi } from '../../../../sandbox/apigateway/rest';
import { functionError, ok, preludeOf, type FakeInvoker } from './support/fake-invoker';
import { fetchJson, openStream } from './support/http-client';
import { AUTHORIZER, CHECK_EVENTS, GOOD_TOKEN, invokerWithAuthorizer } from './support/product-functions';
import { templateApi } from './support/template-api';
import { until } from './support/until';

/** A promise the test resolves when it wants the function to go on. */
function gate(): { readonly opened: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const eventsUrl = (server: RunningRestApi): string => `${server.url}checks/c1/events?token=${GOOD_TOKEN}`;

describe('response streaming (ResponseTransferMode STREAM)', () => {
  const { api } = templateApi();
  let invoker: FakeInvoker;
  let server: RunningRestApi;

  beforeAll(async () => {
    invoker = invokerWithAuthorizer();
    server = await startRestApi(api, {
      invoker,
      host: '127.0.0.1',
      port: 0,
      streamIdleTimeoutMs: 1500,
      log: () => undefined,
    });
  });

  afterAll(() => server.stop());

  beforeEach(() => {
    invoker.calls.length = 0;
  });

  it('sends each chunk as the function writes it, after the prelude, behind the uncached REQUEST authorizer', async () => {
    const second = gate();
    invoker.stream(CHECK_EVENTS, async (stream) => {
      stream.write(
        preludeOf({
          statusCode: 200,
          headers: { 'Content-Type': 'text/event-stream', 'Access-Control-Allow-Origin': '*' },
          cookies: ['seen=1'],
        }),
      );
      stream.write('id: 1\nevent: check.created\n\n');
      await second.opened;
      stream.write('id: 2\nevent: check.done\n\n');
      return ok(null);
    });
    const response = await openStream(eventsUrl(server));
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/event-stream',
      'transfer-encoding': 'chunked',
      'set-cookie': ['seen=1'],
    });
    expect(await response.nextChunk()).toBe('id: 1\nevent: check.created\n\n');
    second.open();
    expect(await response.rest()).toBe('id: 2\nevent: check.done\n\n');

    const [streamed] = invoker.callsTo(CHECK_EVENTS);
    expect(streamed).toMatchObject({
      streaming: true,
      event: {
        resource: '/checks/{id}/events',
        pathParameters: { id: 'c1' },
        queryStringParameters: { token: GOOD_TOKEN },
        requestContext: { authorizer: { tenant: 'demo', principalId: 'demo' } },
      },
    });
    await openStream(eventsUrl(server)).then((again) => again.rest());
    expect(invoker.callsTo(AUTHORIZER)).toHaveLength(2);
  });

  it('aborts the invocation when the client disconnects', async () => {
    invoker.stream(CHECK_EVENTS, async (stream) => {
      stream.write(preludeOf({ statusCode: 200, headers: { 'Content-Type': 'text/event-stream' } }));
      stream.write(': open\n\n');
      await stream.aborted;
      return functionError('aborted');
    });
    const response = await openStream(eventsUrl(server));
    expect(await response.nextChunk()).toBe(': open\n\n');
    response.close();
    await until(() => invoker.streams.at(-1)?.isAborted === true, 'the abort');
  });

  it('answers 502 when the function fails before its prelude, or writes a bad one', async () => {
    invoker.stream(CHECK_EVENTS, async () => functionError('boom'));
    const failed = await fetchJson(eventsUrl(server));
    invoker.stream(CHECK_EVENTS, async (stream) => {
      stream.write('not a prelude');
      stream.write(Buffer.alloc(8));
      return ok(null);
    });
    const badPrelude = await fetchJson(eventsUrl(server));
    for (const answer of [failed, badPrelude]) {
      expect(answer).toMatchObject({
        status: 502,
        json: { error: { code: 'DEFAULT_5XX', message: 'Internal server error' } },
      });
      expect(answer.headers['access-control-allow-origin']).toBe('*');
    }
  });

  it("passes the function's own error status through, as the prelude says", async () => {
    invoker.stream(CHECK_EVENTS, async (stream) => {
      stream.write(preludeOf({ statusCode: 404, headers: { 'Content-Type': 'application/json' } }));
      stream.write('{"error":{"code":"NOT_FOUND","message":"Check c1 not found"}}');
      return ok(null);
    });
    const answer = await fetchJson(eventsUrl(server));
    expect(answer).toMatchObject({ status: 404, json: { error: { code: 'NOT_FOUND' } } });
  });

  it('closes a stream that stays idle past the idle timeout and aborts the invocation', async () => {
    invoker.stream(CHECK_EVENTS, async (stream) => {
      stream.write(preludeOf({ statusCode: 200, headers: { 'Content-Type': 'text/event-stream' } }));
      stream.write(': open\n\n');
      await stream.aborted;
      return ok(null);
    });
    const response = await openStream(eventsUrl(server));
    expect(await response.nextChunk()).toBe(': open\n\n');
    await expect(response.rest()).rejects.toThrow();
    expect(invoker.streams.at(-1)?.isAborted).toBe(true);
  });
});
