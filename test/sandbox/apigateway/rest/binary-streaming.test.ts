import { startRestApi, type RunningRestApi } from '../../../../sandbox/apigateway/rest';
import { ok, preludeOf, type FakeInvoker } from './support/fake-invoker';
import { authorized, invokerWithAuthorizer } from './support/product-functions';
import { functionArnOf, templateApi } from './support/template-api';

const CHECK_RPC = functionArnOf('ConnectRpcCheckService709159CD');

/** Bytes that are not UTF-8 (a lone 0xff, a NUL, a bare continuation byte): text handling would mangle them. */
const NOT_UTF8 = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0x80, 0x00]);

interface SeenEvent {
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

describe('binary bodies through the streaming integration (binaryMediaTypes)', () => {
  const { api } = templateApi();
  let invoker: FakeInvoker;
  let server: RunningRestApi;
  const url = (method: string) => `${server.url}rpc/checks.v1.CheckService/${method}`;

  beforeAll(async () => {
    invoker = invokerWithAuthorizer();
    server = await startRestApi(api, {
      invoker,
      host: '127.0.0.1',
      port: 0,
      streamIdleTimeoutMs: 5000,
      log: () => undefined,
    });
  });

  afterAll(() => server.stop());

  beforeEach(() => {
    invoker.calls.length = 0;
  });

  /** The function answers with the request's own bytes, in two writes, after a binary content type. */
  function echo(contentType: string): void {
    invoker.stream(CHECK_RPC, async (stream, event) => {
      const { body, isBase64Encoded } = event as SeenEvent;
      const bytes = Buffer.from(body ?? '', isBase64Encoded ? 'base64' : 'utf8');
      stream.write(preludeOf({ statusCode: 200, headers: { 'Content-Type': contentType } }));
      stream.write(bytes.subarray(0, 3));
      stream.write(bytes.subarray(3));
      return ok(null);
    });
  }

  it('reads the template: the protobuf types are binary, gRPC-Web text is not', () => {
    expect(api.binaryMediaTypes).toEqual([
      'application/proto',
      'application/connect+proto',
      'application/grpc-web',
      'application/grpc-web+proto',
    ]);
  });

  it.each(['application/connect+proto', 'application/grpc-web+proto', 'application/proto'])(
    'passes a %s body base64 with isBase64Encoded, and streams the binary answer back unchanged',
    async (contentType) => {
      echo(contentType);

      const response = await fetch(url('WatchCheck'), {
        method: 'POST',
        headers: { ...authorized, 'Content-Type': contentType },
        body: NOT_UTF8,
      });

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(contentType);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(NOT_UTF8);
      const [call] = invoker.callsTo(CHECK_RPC);
      expect(call?.event).toMatchObject({ body: NOT_UTF8.toString('base64'), isBase64Encoded: true });
    },
  );

  it('passes a gRPC-Web text or JSON body as text, not base64', async () => {
    echo('application/grpc-web-text+proto');
    const text = 'AAAAAAMKATE=';

    for (const contentType of ['application/grpc-web-text', 'application/json']) {
      const response = await fetch(url('GetCheck'), {
        method: 'POST',
        headers: { ...authorized, 'Content-Type': contentType },
        body: text,
      });
      expect(await response.text()).toBe(text);
    }

    expect(invoker.callsTo(CHECK_RPC).map((call) => call.event)).toEqual([
      expect.objectContaining({ body: text, isBase64Encoded: false }),
      expect.objectContaining({ body: text, isBase64Encoded: false }),
    ]);
  });
});
