import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { ContextValues } from '@connectrpc/connect';
import type {
  UniversalHandler,
  UniversalServerRequest,
  UniversalServerResponse,
} from '@connectrpc/connect/protocol';
import type { Headers as HeaderMap } from '../shared/http';
import { withGrpcWebText } from './grpc-web-text';

/**
 * Connect's universal handlers behind a REST API streaming route: the proxy event (its body
 * base64 when its type is a binary media type) becomes a `UniversalServerRequest`, and the
 * answer goes out through `HttpResponseStream`, each chunk as Connect writes it, so a server
 * stream reaches the client message by message. No maintained adapter does this:
 * `@connectrpc/connect-node` adapts only `node:http`, and Lambda gives an event, not a socket.
 */

export interface LambdaConnectOptions {
  readonly handlers: readonly UniversalHandler[];
  /** Where the API routes the services: `/rpc` for `/rpc/checks.v1.CheckService/GetCheck`. */
  readonly pathPrefix: string;
  /** What the implementations read from their context (the tenant, the deadline). */
  readonly contextValues: (
    event: APIGatewayProxyEvent,
    context: Pick<Context, 'getRemainingTimeInMillis'>,
  ) => ContextValues;
  /** Headers every answer carries besides Connect's (CORS). */
  readonly responseHeaders: (event: APIGatewayProxyEvent) => HeaderMap;
}

function requestHeaders(event: APIGatewayProxyEvent): Headers {
  const header = new Headers();
  const multi = event.multiValueHeaders ?? {};
  for (const [name, values] of Object.entries(multi)) {
    for (const value of values ?? []) header.append(name, value);
  }
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (multi[name] === undefined && value !== undefined) header.set(name, value);
  }
  return header;
}

async function* bodyOf(event: APIGatewayProxyEvent): AsyncIterable<Uint8Array> {
  if (event.body === null || event.body === '') return;
  yield Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

function queryOf(event: APIGatewayProxyEvent): string {
  const params = new URLSearchParams();
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    for (const value of values ?? []) params.append(name, value);
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

export function universalRequestOf(
  event: APIGatewayProxyEvent,
  signal: AbortSignal,
  contextValues: ContextValues,
): UniversalServerRequest {
  const host = event.requestContext.domainName ?? 'localhost';
  return {
    httpVersion: event.requestContext.protocol.replace(/^HTTP\//i, ''),
    url: `https://${host}${event.path}${queryOf(event)}`,
    method: event.httpMethod,
    header: requestHeaders(event),
    body: bodyOf(event),
    signal,
    contextValues,
  };
}

/** Resolves when the stream takes more, or is gone. */
async function drained(stream: Writable): Promise<void> {
  const controller = new AbortController();
  await Promise.race([
    once(stream, 'drain', { signal: controller.signal }),
    once(stream, 'close', { signal: controller.signal }),
  ]).catch(() => undefined);
  controller.abort();
}

/**
 * Status and headers go in the runtime's prelude, sent with the first write; its `end()`
 * takes no data, so even an empty body is written.
 */
export async function writeResponse(
  responseStream: Writable,
  response: UniversalServerResponse,
  extraHeaders: HeaderMap,
): Promise<void> {
  const headers: HeaderMap = { ...extraHeaders };
  response.header?.forEach((value, name) => {
    headers[name] = value;
  });
  const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode: response.status, headers });
  stream.write('');
  for await (const chunk of response.body ?? []) {
    if (stream.destroyed) break;
    if (!stream.write(chunk)) await drained(stream);
  }
  stream.end();
}

/** The `streamifyResponse` handler that serves `handlers` on their paths under `pathPrefix`. */
export function createLambdaConnectHandler(options: LambdaConnectOptions) {
  const byPath = new Map(
    options.handlers.map((handler) => [
      `${options.pathPrefix}${handler.requestPath}`,
      withGrpcWebText(handler),
    ]),
  );
  return async (
    event: APIGatewayProxyEvent,
    responseStream: Writable,
    context: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<void> => {
    const extraHeaders = options.responseHeaders(event);
    const handler = byPath.get(event.path);
    if (handler === undefined) {
      await writeResponse(responseStream, { status: 404 }, extraHeaders);
      return;
    }
    // The client going away destroys the stream: the implementation stops with the signal.
    const controller = new AbortController();
    responseStream.once('close', () => controller.abort());
    const request = universalRequestOf(event, controller.signal, options.contextValues(event, context));
    await writeResponse(responseStream, await handler(request), extraHeaders);
  };
}
