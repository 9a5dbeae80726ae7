import { Code, ConnectError, createClient, type Interceptor } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';
import { TransportFailure, WatchError } from '../errors';
import { CheckService } from '../gen/checks/v1/checks_pb';
import type { HttpConfig } from '../http';
import { isKeepAlive, toJsonCloudEvent } from '../proto-check';
import type { Transport } from '../transport';

/** The HTTP status each refusal stands for, as the REST transports report them. */
const REFUSALS: Partial<Record<Code, number>> = {
  [Code.Unauthenticated]: 401,
  [Code.PermissionDenied]: 403,
  [Code.NotFound]: 404,
};

/** `fetch`, counting each request and every byte of its body as it arrives. */
function countingFetch(http: HttpConfig, sent: () => void, received: (bytes: number) => void): typeof fetch {
  return async (input, init) => {
    sent();
    const response = await http.fetch(input, init);
    if (response.body === null) return response;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          received(chunk.byteLength);
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function bearer(http: HttpConfig): Interceptor {
  return (next) => async (request) => {
    request.header.set('Authorization', `Bearer ${await http.token()}`);
    return next(request);
  };
}

/**
 * A failed call as the engine reads failures. `unavailable` after a message (an event or a
 * keep-alive) is the server ending the stream before its time limit: a normal end, and the
 * engine reconnects.
 */
function failureOf(error: unknown, hadMessages: boolean): Error | undefined {
  const connectError = ConnectError.from(error);
  const status = REFUSALS[connectError.code];
  if (status !== undefined) return new WatchError(`WatchCheck: ${connectError.message}`, { status });
  if (connectError.code === Code.Unavailable && hadMessages) return undefined;
  const transient = [
    Code.Unavailable,
    Code.Unknown,
    Code.Internal,
    Code.DeadlineExceeded,
    Code.ResourceExhausted,
  ];
  return new TransportFailure(
    `WatchCheck failed: ${connectError.message}`,
    transient.includes(connectError.code),
  );
}

/**
 * `checks.v1.CheckService/WatchCheck` over the Connect protocol with protobuf bodies (the
 * smallest on the wire), through `@connectrpc/connect-web` on `fetch`: works in browsers and
 * in Node. One stream per `connect`, resumed with `after_version`.
 */
export function connectTransport(http: HttpConfig): Transport {
  return {
    name: 'connect',
    streams: true,
    async connect(context) {
      let messages = 0;
      const client = createClient(
        CheckService,
        createConnectTransport({
          baseUrl: new URL('rpc', http.restUrl).toString(),
          useBinaryFormat: true,
          fetch: countingFetch(
            http,
            () => context.sent(),
            (bytes) => context.received(bytes),
          ),
          interceptors: [bearer(http)],
        }),
      );
      try {
        const stream = client.watchCheck(
          { id: context.checkId, afterVersion: context.lastVersion() },
          { signal: context.signal },
        );
        for await (const message of stream) {
          messages += 1;
          if (isKeepAlive(message)) continue;
          const event = toJsonCloudEvent(message);
          if (event === undefined)
            throw new TransportFailure('a WatchCheck message is not a check CloudEvent', false);
          context.deliver(event, true);
        }
      } catch (error) {
        if (context.signal.aborted || error instanceof TransportFailure) throw error;
        const failure = failureOf(error, messages > 0);
        if (failure !== undefined) throw failure;
      }
    },
  };
}
