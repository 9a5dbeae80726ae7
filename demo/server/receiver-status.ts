import type { WebhookStatus } from '../src/contract';

/**
 * The state of the receiver's own SNS subscription, as the page is told it. The answer to
 * `POST /subscriptions` and SNS's confirmation race: either may come first.
 */
export class ReceiverStatus {
  current: WebhookStatus = { state: 'pending' };
  private subscriptionId: string | undefined;

  subscribed(id: string): void {
    this.subscriptionId = id;
    if (this.current.state === 'confirmed') this.current = { state: 'confirmed', subscriptionId: id };
  }

  confirmed(): void {
    this.current = { state: 'confirmed', subscriptionId: this.subscriptionId };
  }

  failed(message: string): void {
    this.current = { state: 'failed', message };
  }
}
