import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/**
 * An error the AWS SDK recognises: it names the error from `x-amzn-ErrorType` first, so a
 * `GoneException` reaches the caller as `err.name === 'GoneException'`.
 */
export function sendAwsError(
  response: ServerResponse,
  status: number,
  errorType: string,
  body: object,
): void {
  response.setHeader('x-amzn-ErrorType', errorType);
  sendJson(response, status, body);
}

/** Every `@connections` answer carries a request id, which the SDK reports in `$metadata`. */
export function setRequestId(response: ServerResponse): void {
  response.setHeader('x-amzn-RequestId', randomUUID());
}

/** Answers a WebSocket upgrade request with an HTTP error instead of `101 Switching Protocols`. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ message });
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The request body, or `undefined` once it passes `limit` bytes (the rest is read and dropped). */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}
