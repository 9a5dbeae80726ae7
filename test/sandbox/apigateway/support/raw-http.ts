import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RawAnswer {
  readonly status: number;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function parseAnswer(raw: string): RawAnswer {
  const split = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.slice(0, split === -1 ? raw.length : split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    status: Number(statusLine.split(' ')[1] ?? 0),
    headers,
    body: split === -1 ? '' : raw.slice(split + 4),
  };
}

function write(socket: Socket, data: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.write(data, (error) => (error === undefined || error === null ? resolve() : reject(error))),
  );
}

/**
 * Writes `head`, then each chunk of `body` `paceMs` apart, as they are, to `host:port`; reads only
 * once everything is sent (as many clients do), until the server closes. What a request Node's
 * HTTP client would refuse to send (an unknown method, oversized headers) gets back. A reset
 * before the whole answer is read rejects, as it fails a real client.
 */
export async function rawRequest(
  url: string,
  head: string,
  body: readonly Buffer[] = [],
  paceMs = 0,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const failed = new Promise<never>((_, reject) => socket.once('error', reject));
  failed.catch(() => undefined);
  const send = async (): Promise<void> => {
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    await write(socket, Buffer.from(head, 'latin1'));
    for (const chunk of body) {
      if (paceMs > 0) await sleep(paceMs);
      await write(socket, chunk);
    }
  };
  await Promise.race([send(), failed]);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await Promise.race([new Promise((resolve) => socket.once('end', resolve)), failed]);
  socket.end();
  return parseAnswer(Buffer.concat(chunks).toString('latin1'));
}
