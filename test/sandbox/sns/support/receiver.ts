import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The status to answer the n-th request (0-based) with. */
export type Responder = (request: ReceivedRequest, index: number) => number;

/** A webhook receiver on loopback that records every request and answers as told. */
export class Receiver {
  private constructor(
    private readonly server: Server,
    private readonly base: string,
    readonly requests: ReceivedRequest[],
  ) {}

  static async start(respond: Responder = () => 200): Promise<Receiver> {
    const requests: ReceivedRequest[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        const index = requests.push(request) - 1;
        res.statusCode = respond(request, index);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new Receiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests);
  }

  url(path = '/hook'): string {
    return `${this.base}${path}`;
  }

  ofType(type: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.headers['x-amz-sns-message-type'] === type);
  }

  /** Polls until `predicate` holds; fails naming `what` when it does not within `timeoutMs`. */
  async waitFor(
    what: string,
    predicate: (requests: ReceivedRequest[]) => boolean,
    timeoutMs = 5000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.requests)) {
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${what}; received ${JSON.stringify(this.requests, null, 2)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The JSON body of the first request of `type`, once it has come. */
  async first(type: string): Promise<{ request: ReceivedRequest; body: Record<string, unknown> }> {
    await this.waitFor(`a ${type}`, () => this.ofType(type).length > 0);
    const request = this.ofType(type)[0]!;
    return { request, body: JSON.parse(request.body) as Record<string, unknown> };
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
