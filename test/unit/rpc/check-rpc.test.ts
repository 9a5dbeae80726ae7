import { streamified } from '../checks/fake-awslambda';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createCheckRpcHandler, handler, serveCheckRpc } from '../../../lambda/rpc/check-rpc';
import { WatchCheckRequestSchema } from '../../../lambda/rpc/gen/checks/v1/checks_pb';
import { CloudEventSchema } from '../../../lambda/rpc/gen/io/cloudevents/v1/cloudevents_pb';
import { checkAt, FakeClock, FakeResponseStream, remaining } from '../checks/support';
import { CHECK_ID } from '../support/checks';
import { InMemoryCheckStore } from '../support/in-memory-check-store';
import { restEvent } from '../support/rest-event';

const METHOD_PATH = '/rpc/checks.v1.CheckService';

/** Connect's and gRPC-Web's envelope: a flag byte, a 4-byte big-endian length, the message. */
function envelope(bytes: Uint8Array, flag = 0): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(flag, 0);
  head.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([head, bytes]);
}

function envelopesOf(bytes: Buffer): Array<{ flag: number; payload: Buffer }> {
  const frames: Array<{ flag: number; payload: Buffer }> = [];
  for (let at = 0; at + 5 <= bytes.length;) {
    const length = bytes.readUInt32BE(at + 1);
    frames.push({ flag: bytes.readUInt8(at), payload: bytes.subarray(at + 5, at + 5 + length) });
    at += 5 + length;
  }
  return frames;
}

/** The proxy event API Gateway sends for a POST: a binary media type arrives base64. */
function rpcEvent(method: string, contentType: string, body: Buffer | string): APIGatewayProxyEvent {
  const binary = Buffer.isBuffer(body);
  return {
    ...restEvent({
      method: 'POST',
      resource: `${METHOD_PATH}/${method}`,
      path: `${METHOD_PATH}/${method}`,
      pathParameters: null,
      headers: { 'Content-Type': contentType, Origin: 'https://app.example' },
    }),
    body: binary ? body.toString('base64') : body,
    isBase64Encoded: binary,
  };
}

describe('check-rpc handler (Connect and gRPC-Web in a streaming function)', () => {
  let stream: FakeResponseStream;
  let serve: ReturnType<typeof createCheckRpcHandler>;

  beforeEach(() => {
    const clock = new FakeClock();
    stream = new FakeResponseStream();
    const queue = { enqueue: async () => undefined };
    serve = createCheckRpcHandler({
      store: new InMemoryCheckStore(checkAt(4)),
      queue,
      sleep: clock.sleep,
      now: clock.now,
    });
  });

  const body = () => Buffer.concat(stream.buffers);

  it('is the plain streaming function wrapped by awslambda.streamifyResponse', () => {
    expect(streamified).toContain(serveCheckRpc);
    expect(handler).toBe(serveCheckRpc);
  });

  it('answers a Connect JSON call with the check, CORS and the gRPC headers exposed', async () => {
    await serve(
      rpcEvent('GetCheck', 'application/json', JSON.stringify({ id: CHECK_ID })),
      stream,
      remaining(60_000),
    );

    expect(stream.metadata).toEqual({
      statusCode: 200,
      headers: expect.objectContaining({
        'content-type': 'application/json',
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Expose-Headers': 'Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin',
      }),
    });
    expect(JSON.parse(body().toString('utf8'))).toMatchObject({
      id: CHECK_ID,
      status: 'CHECK_STATUS_DONE',
      version: 4,
    });
  });

  it('answers a body that is not JSON with 400 invalid_argument, not a 5xx', async () => {
    await serve(rpcEvent('GetCheck', 'application/json', '{"id":'), stream, remaining(60_000));

    expect(stream.metadata?.statusCode).toBe(400);
    expect(JSON.parse(body().toString('utf8'))).toMatchObject({ code: 'invalid_argument' });
  });

  it('takes a base64 body of a binary media type and streams binary envelopes, then the end of the stream', async () => {
    const request = toBinary(
      WatchCheckRequestSchema,
      create(WatchCheckRequestSchema, { id: CHECK_ID, afterVersion: 3 }),
    );

    await serve(
      rpcEvent('WatchCheck', 'application/connect+proto', envelope(request)),
      stream,
      remaining(60_000),
    );

    expect(stream.metadata).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'application/connect+proto' },
    });
    const frames = envelopesOf(body());
    expect(frames.map((frame) => frame.flag)).toEqual([0, 2]);
    const event = fromBinary(CloudEventSchema, frames[0]?.payload ?? Buffer.alloc(0));
    expect(event).toMatchObject({ id: `${CHECK_ID}:4`, type: 'check.done' });
    expect(JSON.parse(frames[1]?.payload.toString('utf8') ?? '')).toEqual({});
  });

  it('answers gRPC-Web text in text: base64 frames and a trailer with grpc-status 0', async () => {
    const request = toBinary(WatchCheckRequestSchema, create(WatchCheckRequestSchema, { id: CHECK_ID }));

    await serve(
      rpcEvent('WatchCheck', 'application/grpc-web-text', envelope(request).toString('base64')),
      stream,
      remaining(60_000),
    );

    expect(stream.metadata?.headers['content-type']).toBe('application/grpc-web-text+proto');
    const text = body().toString('latin1');
    expect(text).toMatch(/^[A-Za-z0-9+/=]+$/);
    const decoded = Buffer.concat(text.split(/(?<==)(?=[^=])/).map((chunk) => Buffer.from(chunk, 'base64')));
    const frames = envelopesOf(decoded);
    expect(frames.map((frame) => frame.flag)).toEqual([0, 0x80]);
    expect(fromBinary(CloudEventSchema, frames[0]?.payload ?? Buffer.alloc(0)).type).toBe('check.done');
    expect(frames[1]?.payload.toString('utf8')).toMatch(/^grpc-status: ?0\r\n/);
  });

  it('answers a path it does not serve with 404', async () => {
    await serve(rpcEvent('DeleteCheck', 'application/json', '{}'), stream, remaining(60_000));

    expect(stream.metadata?.statusCode).toBe(404);
  });

  it('writes proto_data as an Any with its type in JSON, which the registry allows', async () => {
    const request = JSON.stringify({ id: CHECK_ID, afterVersion: 3 });

    await serve(
      rpcEvent('WatchCheck', 'application/connect+json', envelope(Buffer.from(request))),
      stream,
      remaining(60_000),
    );

    const [first] = envelopesOf(body());
    expect(JSON.parse(first?.payload.toString('utf8') ?? '')).toMatchObject({
      id: `${CHECK_ID}:4`,
      protoData: { '@type': 'type.googleapis.com/checks.v1.Check', id: CHECK_ID, version: 4 },
    });
  });
});
