import {
  assertByteStreamRequest,
  type UniversalHandlerFn,
  type UniversalServerResponse,
} from '@connectrpc/connect/protocol';

/**
 * gRPC-Web's text mode (`application/grpc-web-text`), which Connect's handlers refuse with
 * 415: the same frames as binary gRPC-Web, base64-encoded, for clients that cannot read
 * binary bodies. This translates it to binary and back around a handler.
 */

const TEXT_CONTENT_TYPE = /^application\/grpc-web-text(?:\+proto)?(?:;.*)?$/i;
const BINARY_CONTENT_TYPE = 'application/grpc-web+proto';
const TEXT_RESPONSE_TYPE = 'application/grpc-web-text+proto';

export function isGrpcWebText(contentType: string | null): boolean {
  return contentType !== null && TEXT_CONTENT_TYPE.test(contentType);
}

/**
 * Decodes base64 that may be several padded chunks one after another, as the protocol allows
 * (a decoder that stops at the first `=` would lose the rest).
 */
export function decodeBase64Chunks(text: string): Uint8Array {
  const chunks = text.replace(/\s+/g, '').split(/(?<==)(?=[^=])/);
  return Buffer.concat(chunks.map((chunk) => Buffer.from(chunk, 'base64')));
}

async function* decodedBody(body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  yield decodeBase64Chunks(Buffer.concat(parts).toString('latin1'));
}

/** Each chunk (a whole frame, as Connect writes them) becomes its own padded base64 chunk. */
async function* encodedBody(body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  for await (const chunk of body) yield Buffer.from(Buffer.from(chunk).toString('base64'), 'latin1');
}

function textResponse(response: UniversalServerResponse): UniversalServerResponse {
  const header = new Headers(response.header);
  if (header.get('content-type')?.toLowerCase().startsWith('application/grpc-web') === true) {
    header.set('content-type', TEXT_RESPONSE_TYPE);
  }
  return { ...response, header, body: response.body === undefined ? undefined : encodedBody(response.body) };
}

/** `handler`, also answering gRPC-Web text requests, in text. */
export function withGrpcWebText(handler: UniversalHandlerFn): UniversalHandlerFn {
  return async (request) => {
    if (!isGrpcWebText(request.header.get('content-type'))) return handler(request);
    assertByteStreamRequest(request);
    const header = new Headers(request.header);
    header.set('content-type', BINARY_CONTENT_TYPE);
    return textResponse(await handler({ ...request, header, body: decodedBody(request.body) }));
  };
}
