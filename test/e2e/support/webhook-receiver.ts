import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CheckCloudEvent } from '../../../lambda/shared/cloud-event';
import { eventually } from './eventually';

/** One POST from SNS, as received and as answered. */
export interface SnsDelivery {
  /** `x-amz-sns-message-type`: SubscriptionConfirmation, Notification or UnsubscribeConfirmation. */
  readonly type: string | undefined;
  /** `x-amz-sns-message-id`: a retry keeps it. */
  readonly messageId: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** The JSON envelope, or undefined when the body was not JSON. */
  readonly body: Record<string, unknown> | undefined;
  /** A Notification's `Message`, parsed. */
  readonly message: unknown;
  readonly answeredWith: number;
  readonly at: number;
}

export interface Confirmation {
  readonly subscribeUrl: string;
  readonly status: number;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A webhook receiver on a loopback port, as a user would write one for SNS: it confirms a
 * SubscriptionConfirmation by fetching its SubscribeURL, and records every POST. It can be
 * told to answer Notifications with a failing status.
 */
export class WebhookReceiver {
  readonly deliveries: SnsDelivery[] = [];
  readonly confirmations: Confirmation[] = [];
  private failStatus: number | undefined;
  private readonly server: Server = createServer((request, response) => {
    void bodyOf(request).then((text) => {
      response.writeHead(this.receive(request.headers, text), { 'Content-Type': 'text/plain' }).end();
    });
  });
  private port = 0;

  private constructor() {}

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.server.listen(0, '127.0.0.1');
    await once(receiver.server, 'listening');
    receiver.port = (receiver.server.address() as AddressInfo).port;
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Notifications are answered with `status` from now on; undefined makes the receiver healthy again. */
  failWith(status: number | undefined): void {
    this.failStatus = status;
  }

  notifications(): SnsDelivery[] {
    return this.deliveries.filter((delivery) => delivery.type === 'Notification');
  }

  /** The CloudEvents of the Notifications answered with success. */
  acceptedEvents(): CheckCloudEvent[] {
    return this.notifications()
      .filter((delivery) => delivery.answeredWith < 300)
      .map((delivery) => delivery.message as CheckCloudEvent);
  }

  waitForDelivery(accepts: (delivery: SnsDelivery) => boolean, what: string, timeoutMs = 20_000) {
    return eventually(() => this.deliveries.find(accepts), { what, timeoutMs, intervalMs: 50 });
  }

  /** The receiver confirmed its subscription: SNS answered the SubscribeURL with success. */
  waitForConfirmation(timeoutMs = 20_000): Promise<Confirmation> {
    return eventually(() => this.confirmations.find((confirmation) => confirmation.status < 300), {
      what: `a SubscriptionConfirmation at ${this.url}, confirmed`,
      timeoutMs,
      intervalMs: 50,
    });
  }

  /** Waits for an accepted event that `accepts` matches. */
  waitForEvent(accepts: (event: CheckCloudEvent) => boolean, what: string, timeoutMs = 20_000) {
    return eventually(() => this.acceptedEvents().find(accepts), { what, timeoutMs, intervalMs: 50 });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(headers: IncomingHttpHeaders, text: string): number {
    const type = header(headers, 'x-amz-sns-message-type');
    const body = parseObject(text);
    const isNotification = type === 'Notification';
    const answeredWith = isNotification && this.failStatus !== undefined ? this.failStatus : 200;
    let message: unknown;
    if (isNotification && typeof body?.Message === 'string')
      message = parseObject(body.Message) ?? body.Message;
    this.deliveries.push({
      type,
      messageId: header(headers, 'x-amz-sns-message-id'),
      headers,
      body,
      message,
      answeredWith,
      at: Date.now(),
    });
    if (type === 'SubscriptionConfirmation' && typeof body?.SubscribeURL === 'string') {
      void this.confirm(body.SubscribeURL);
    }
    return answeredWith;
  }

  /** As a receiver does it: by a GET of the SubscribeURL, apart from the answer to the POST. */
  private async confirm(subscribeUrl: string): Promise<void> {
    let status: number;
    try {
      const response = await fetch(subscribeUrl, { signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 0;
    }
    this.confirmations.push({ subscribeUrl, status });
  }
}
