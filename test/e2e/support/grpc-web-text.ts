import {
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
  create,
  type MessageShape,
} from '@bufbuild/protobuf';

/**
 * gRPC-Web's text mode by hand, as a browser client without binary bodies sends it: frames
 * (a flag byte, a 4-byte big-endian length, the message) in base64. Connect's own clients do
 * not speak it, so the suite checks it this way.
 */

const TRAILER_FLAG = 0x80;

function frame(bytes: Uint8Array): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([head, bytes]);
}

/** Base64 that may be several padded chunks in a row, as a server may send it. */
function decodeChunks(text: string): Buffer {
  return Buffer.concat(text.split(/(?<==)(?=[^=])/).map((chunk) => Buffer.from(chunk, 'base64')));
}

export interface TextCall<O extends DescMessage> {
  readonly status: number;
  readonly contentType: string | null;
  readonly messages: MessageShape<O>[];
  /** The trailer frame's fields, `grpc-status` and `grpc-message` among them. */
  readonly trailer: Record<string, string>;
}

function trailerOf(bytes: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of bytes.toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return fields;
}

export async function callGrpcWebText<I extends DescMessage, O extends DescMessage>(
  url: string,
  token: string,
  input: { readonly schema: I; readonly message: MessageInitShape<I> },
  output: O,
): Promise<TextCall<O>> {
  const body = frame(toBinary(input.schema, create(input.schema, input.message))).toString('base64');
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/grpc-web-text',
      Accept: 'application/grpc-web-text',
      'X-Grpc-Web': '1',
    },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  let bytes = decodeChunks(await response.text());
  const messages: MessageShape<O>[] = [];
  let trailer: Record<string, string> = {};
  while (bytes.length >= 5) {
    const flag = bytes[0] ?? 0;
    const length = bytes.readUInt32BE(1);
    const payload = bytes.subarray(5, 5 + length);
    if ((flag & TRAILER_FLAG) === TRAILER_FLAG) trailer = trailerOf(payload);
    else messages.push(fromBinary(output, payload));
    bytes = bytes.subarray(5 + length);
  }
  return { status: response.status, contentType: response.headers.get('content-type'), messages, trailer };
}
