import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SocketMeter } from './socket-meter';

/** One POST from SNS to one subscription's path, with what it cost at the socket. */
export interface CountedDelivery {
  readonly path: string;
  /** `x-amz-sns-message-type`. */
  readonly type: string | undefined;
  /** A Notification's `Message`: the CloudEvent as text; undefined for other types. */
  readonly message: string | undefined;
  /** Epoch ms when the whole request had arrived. */
  readonly at: number;
  /** Bytes the request took on its socket (head and body), and the answer's. */
  readonly bytesIn: number;
  readonly bytesOut: number;
}

interface SocketMarks {
  read: number;
  written: number;
}

function messageOf(text: string): { readonly message?: string; readonly subscribeUrl?: string } {
  try {
    const body = JSON.parse(text) as { Message?: unknown; SubscribeURL?: unknown };
    return {
      message: typeof body.Message === 'string' ? body.Message : undefined,
      subscribeUrl: typeof body.SubscribeURL === 'string' ? body.SubscribeURL : undefined,
    };
  } catch {
    return {};
  }
}

/**
 * A webhook receiver for many subscriptions at once, each on its own path, that counts what
 * SNS sends it at the socket: each request's bytes are its socket's growth since the one
 * before (HTTP/1.1 without pipelining, as SNS sends). It confirms subscriptions by GETting
 * their SubscribeURL, as a receiver must.
 */
export class CountingWebhookReceiver {
  readonly meter = new SocketMeter();
  readonly deliveries: CountedDelivery[] = [];
  private readonly confirmedPaths = new Set<string>();
  private readonly marks = new WeakMap<Socket, SocketMarks>();
  private readonly server: Server = createServer((request, response) => this.receive(request, response));
  private port = 0;

  private constructor() {
    this.server.on('connection', (socket: Socket) => {
      this.meter.track(socket);
      this.marks.set(socket, { read: 0, written: 0 });
    });
  }

  static async start(): Promise<CountingWebhookReceiver> {
    const receiver = new CountingWebhookReceiver();
    receiver.server.maxConnections = Infinity;
    receiver.server.listen(0, '127.0.0.1', 4096);
    await once(receiver.server, 'listening');
    receiver.port = (receiver.server.address() as AddressInfo).port;
    return receiver;
  }

  urlOf(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  get confirmed(): number {
    return this.confirmedPaths.size;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(request: IncomingMessage, response: ServerResponse): void {
    const socket = request.socket;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      const marks = this.marks.get(socket) ?? { read: 0, written: 0 };
      const bytesIn = socket.bytesRead - marks.read;
      marks.read = socket.bytesRead;
      const header = request.headers['x-amz-sns-message-type'];
      const type = Array.isArray(header) ? header[0] : header;
      const { message: text, subscribeUrl } = messageOf(Buffer.concat(chunks).toString('utf8'));
      const message = type === 'Notification' ? text : undefined;
      const path = request.url ?? '/';
      response.on('finish', () => {
        const bytesOut = socket.bytesWritten - marks.written;
        marks.written = socket.bytesWritten;
        this.deliveries.push({ path, type, message, at, bytesIn, bytesOut });
      });
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end();
      if (type === 'SubscriptionConfirmation' && subscribeUrl !== undefined)
        void this.confirm(path, subscribeUrl);
    });
  }

  private async confirm(path: string, subscribeUrl: string): Promise<void> {
    try {
      const answer = await fetch(subscribeUrl, { signal: AbortSignal.timeout(30_000) });
      await answer.arrayBuffer();
      if (answer.ok) this.confirmedPaths.add(path);
    } catch {
      // Left unconfirmed: the run reports the subscriptions that never were.
    }
  }
}
