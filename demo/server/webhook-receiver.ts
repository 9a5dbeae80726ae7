import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createSnsWebhookHandler } from '../../client/node/sns-webhook';
import type { DeliveryFeed } from './delivery-feed';
import { headBytes } from './request-bytes';
import { isSandboxCertificateUrl } from './trusted-certificate';

export const RECEIVER_PATH = '/webhooks/receiver';

export interface WebhookReceiverOptions {
  /** The sandbox's SNS endpoint, which serves the certificate its signatures verify against. */
  readonly snsEndpoint: string;
  readonly feed: DeliveryFeed;
  readonly onConfirmed: () => void;
}

/**
 * The demo's webhook receiver: it verifies SNS's POSTs and relays each notification to the
 * feed, with the size of its POST as received, which the page counts as the webhook's bytes.
 */
export function webhookReceiver(options: WebhookReceiverOptions): RequestListener {
  /** The size of each POST as received, by SNS message id, until its notification is verified. */
  const arrivals = new Map<string, { readonly receivedAt: number; readonly bytes: number }>();
  const webhook = createSnsWebhookHandler({
    isTrustedCertificateUrl: (url) => isSandboxCertificateUrl(url, options.snsEndpoint),
    onNotification: (message, event) => {
      const arrival = arrivals.get(message.MessageId);
      arrivals.delete(message.MessageId);
      if (event === undefined || arrival === undefined) return;
      options.feed.add({ event, ...arrival });
    },
    onConfirmed: options.onConfirmed,
  });
  return (request: IncomingMessage, response: ServerResponse) => {
    const messageId = request.headers['x-amz-sns-message-id'];
    if (typeof messageId === 'string') {
      const body = Number(request.headers['content-length'] ?? 0) || 0;
      arrivals.set(messageId, { receivedAt: Date.now(), bytes: headBytes(request) + body });
      response.on('close', () => setTimeout(() => arrivals.delete(messageId), 1000).unref());
    }
    webhook(request, response);
  };
}
