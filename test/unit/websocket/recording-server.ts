import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The client's port: the same one twice means the same socket. */
  readonly clientPort: number;
}

export interface Reply {
  readonly status: number;
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: string;
}

/** A local endpoint that records what it receives and answers 200 unless told otherwise. */
export interface RecordingServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Answers the next requests with these replies, in order, then 200. */
  script(...replies: Reply[]): void;
  /** Answers each request with what `answer` makes of it. */
  respond(answer: (request: RecordedRequest) => Reply): void;
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let answer: (request: RecordedRequest) => Reply = () => ({ status: 200 });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
        clientPort: request.socket.remotePort ?? 0,
      };
      requests.push(recorded);
      const { status, headers = {}, body = '' } = answer(recorded);
      response.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => {
      answer = () => replies.shift() ?? { status: 200 };
    },
    respond: (next) => {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
