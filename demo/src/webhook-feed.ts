import { DELIVERY_EVENT, type WebhookDelivery, type WebhookStatus } from './contract';

/**
 * The demo server's webhook receiver, seen from the page: every delivery it accepted (the
 * server replays recent ones on connect, and resumes after `Last-Event-ID` on reconnect),
 * and the state of its SNS subscription.
 */
export class WebhookFeed {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly baseUrl: URL) {
    const source = new EventSource(new URL('webhooks/deliveries', baseUrl));
    source.addEventListener(DELIVERY_EVENT, (message) => {
      this.deliveries.push(JSON.parse((message as MessageEvent<string>).data) as WebhookDelivery);
      for (const listener of this.listeners) listener();
    });
  }

  onDelivery(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Asks for the subscription's state until it is no longer pending. */
  async followStatus(show: (status: WebhookStatus) => void): Promise<void> {
    for (;;) {
      let status: WebhookStatus;
      try {
        const response = await fetch(new URL('webhooks/status', this.baseUrl), { cache: 'no-store' });
        status = (await response.json()) as WebhookStatus;
      } catch (error) {
        status = { state: 'failed', message: `The demo server did not answer: ${(error as Error).message}` };
      }
      show(status);
      if (status.state !== 'pending') return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
