import { request, type Agent, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { SocketMeter } from './socket-meter';

export interface CountedRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  readonly timeoutMs?: number;
}

export interface CountedAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Epoch ms when the whole answer had arrived. */
  readonly at: number;
}

/** A request on `agent`'s counted sockets, answered with its head only: the body is the caller's to read. */
export function openRequest(
  agent: Agent,
  meter: SocketMeter,
  { method, url, headers = {}, body, timeoutMs = 60_000 }: CountedRequest,
): Promise<IncomingMessage> {
  meter.countRequest();
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, agent, headers, timeout: timeoutMs }, resolve);
    outgoing.on('error', reject);
    outgoing.on('timeout', () =>
      outgoing.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)),
    );
    outgoing.end(body);
  });
}

/** A whole request and answer on `agent`'s counted sockets. */
export async function countedRequest(
  agent: Agent,
  meter: SocketMeter,
  options: CountedRequest,
): Promise<CountedAnswer> {
  const response = await openRequest(agent, meter, options);
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return {
    status: response.statusCode ?? 0,
    headers: response.headers,
    body: Buffer.concat(chunks).toString('utf8'),
    at: Date.now(),
  };
}
