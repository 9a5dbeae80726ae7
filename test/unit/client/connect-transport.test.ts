import { toBinary } from '@bufbuild/protobuf';
import { WatchError } from '../../../client/errors';
import { TransportFailure } from '../../../client/errors';
import { connectTransport } from '../../../client/transports/connect';
import { CloudEventSchema } from '../../../lambda/rpc/gen/io/cloudevents/v1/cloudevents_pb';
import { keepAlive, toProtoCloudEvent } from '../../../lambda/rpc/proto-check';
import { CHECK_ID, RecordingContext, stateOf } from './fixtures';

/** Connect's envelope: a flag byte (2 ends the stream), a 4-byte big-endian length, the message. */
function envelope(bytes: Uint8Array, flag = 0): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(flag, 0);
  head.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([head, bytes]);
}

const eventFrame = (version: number, status: 'processing' | 'done' = 'processing') =>
  envelope(toBinary(CloudEventSchema, toProtoCloudEvent({ ...stateOf(version, status), result: undefined })));
const keepAliveFrame = () => envelope(toBinary(CloudEventSchema, keepAlive()));
const endFrame = (error?: { code: string; message: string }) =>
  envelope(Buffer.from(JSON.stringify(error === undefined ? {} : { error })), 2);

interface Seen {
  url: string;
  headers: Headers;
  body: Uint8Array;
}

function serving(status: number, body: Buffer, contentType = 'application/connect+proto') {
  const seen: Seen[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    seen.push({ url: String(input), headers: new Headers(init?.headers), body: init?.body as Uint8Array });
    return new Response(body, { status, headers: { 'Content-Type': contentType } });
  };
  const transport = connectTransport({
    restUrl: 'https://api.example/prod/',
    token: async () => 'tok',
    fetch,
  });
  return { transport, seen };
}

describe('connect transport', () => {
  it('calls WatchCheck with the token and the resume point, delivers each event and skips keep-alives', async () => {
    const { transport, seen } = serving(
      200,
      Buffer.concat([eventFrame(3), keepAliveFrame(), eventFrame(4, 'done'), endFrame()]),
    );
    const context = new RecordingContext(2);

    await transport.connect(context);

    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('https://api.example/prod/rpc/checks.v1.CheckService/WatchCheck');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer tok');
    expect(seen[0]?.headers.get('content-type')).toBe('application/connect+proto');
    expect(context.delivered).toEqual([
      { version: 3, type: 'check.progress', coalesced: true },
      { version: 4, type: 'check.done', coalesced: true },
    ]);
    expect(context.requests).toBe(1);
    expect(context.bytes).toBeGreaterThan(0);
  });

  it('delivers the JSON envelope the other transports deliver', async () => {
    const { transport } = serving(200, Buffer.concat([eventFrame(1), endFrame()]));
    const delivered: unknown[] = [];
    const context = new RecordingContext();
    context.deliver = (event) => delivered.push(event);

    await transport.connect(context);

    expect(delivered).toEqual([
      {
        specversion: '1.0',
        id: `${CHECK_ID}:1`,
        source: '/checks',
        type: 'check.created',
        subject: CHECK_ID,
        time: stateOf(1).updatedAt,
        datacontenttype: 'application/json',
        data: stateOf(1),
      },
    ]);
  });

  it('ends normally when the server ends a stream that carried data with unavailable (its time limit)', async () => {
    const { transport } = serving(
      200,
      Buffer.concat([eventFrame(2), endFrame({ code: 'unavailable', message: 'call again' })]),
    );

    await expect(transport.connect(new RecordingContext())).resolves.toBeUndefined();
  });

  it.each([
    [
      'not_found at the end of the stream',
      () => serving(200, endFrame({ code: 'not_found', message: 'no' })),
      404,
    ],
    [
      "API Gateway's 401 to a missing token",
      () => serving(401, Buffer.from('{"error":{}}'), 'application/json'),
      401,
    ],
    [
      "API Gateway's 403 to a refused token",
      () => serving(403, Buffer.from('{"error":{}}'), 'application/json'),
      403,
    ],
  ])('throws a WatchError for %s', async (_case, server, status) => {
    const error = await server()
      .transport.connect(new RecordingContext())
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(WatchError);
    expect((error as WatchError).status).toBe(status);
  });

  it('fails transiently on unavailable before anything arrived, and for good on invalid_argument', async () => {
    const unavailable = serving(200, endFrame({ code: 'unavailable', message: 'down' }));
    const invalid = serving(200, endFrame({ code: 'invalid_argument', message: 'bad id' }));

    const [first, second] = await Promise.all([
      unavailable.transport.connect(new RecordingContext()).catch((caught: unknown) => caught),
      invalid.transport.connect(new RecordingContext()).catch((caught: unknown) => caught),
    ]);

    expect(first).toBeInstanceOf(TransportFailure);
    expect((first as TransportFailure).transient).toBe(true);
    expect(second).toBeInstanceOf(TransportFailure);
    expect((second as TransportFailure).transient).toBe(false);
  });
});
