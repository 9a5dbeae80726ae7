import type { IncomingMessage } from 'node:http';

export type BodyRead =
  { readonly ok: true; readonly body: Buffer } | { readonly ok: false; readonly tooLarge: true };

/**
 * The whole request body, or `tooLarge` once it is known to exceed `maxBytes`; API Gateway does
 * not stream requests. An oversized body is still read to its end, up to `maxBytes` more, and
 * dropped: a server that answers and closes on unread bytes resets the connection, and a client
 * still sending (or reading only once it has sent) then gets EPIPE or ECONNRESET, not the 413.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const drainLimit = 2 * maxBytes;
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > drainLimit) return Promise.resolve({ ok: false, tooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (size > drainLimit) {
        request.off('data', onData);
        resolve({ ok: false, tooLarge: true });
      }
    };
    request.on('data', onData);
    request.once('end', () =>
      resolve(size > maxBytes ? { ok: false, tooLarge: true } : { ok: true, body: Buffer.concat(chunks) }),
    );
    request.once('error', reject);
  });
}
