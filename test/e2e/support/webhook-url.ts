import { randomUUID } from 'node:crypto';
import { e2eTarget } from './endpoints';
import { WebhookReceiver } from './webhook-receiver';

export interface AcceptedWebhookUrl {
  readonly url: string;
  release(): Promise<void>;
}

/**
 * A webhook URL the target's policy accepts, for tests about the API rather than delivery:
 * a loopback receiver in the sandbox (it may have no DNS), elsewhere a public https URL
 * whose owner ignores the confirmation, so the subscription just stays pending.
 */
export async function acceptedWebhookUrl(): Promise<AcceptedWebhookUrl> {
  if (e2eTarget().sandbox === undefined) {
    return {
      url: `https://example.com/realtime-checks-e2e/${randomUUID()}`,
      release: () => Promise.resolve(),
    };
  }
  const receiver = await WebhookReceiver.start();
  return { url: receiver.url, release: () => receiver.stop() };
}
