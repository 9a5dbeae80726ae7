import type { CheckEventType } from '../../client/types';
import type { ReceiverStatus } from './receiver-status';

const ALL_EVENTS: readonly CheckEventType[] = [
  'check.created',
  'check.progress',
  'check.done',
  'check.failed',
];
const ATTEMPTS = 5;
const RETRY_MS = 1000;

export interface SubscriptionRequest {
  readonly restUrl: string;
  readonly token: string;
  readonly receiverUrl: string;
  readonly signal: AbortSignal;
}

function messageOf(body: unknown, status: number): string {
  const error = (body as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' ? `${status}: ${error.message}` : `the API answered ${status}`;
}

/**
 * Subscribes the receiver to every event of tenant `demo` through the REST API, as a user
 * would (REST Hooks). A 503 or an unreachable API is tried again a few times.
 */
export async function subscribeReceiver(request: SubscriptionRequest): Promise<string> {
  let lastFailure = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    try {
      const response = await fetch(new URL('subscriptions', request.restUrl), {
        method: 'POST',
        headers: { Authorization: `Bearer ${request.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: request.receiverUrl, events: ALL_EVENTS }),
        signal: request.signal,
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (response.status === 201) return (body as { id: string }).id;
      lastFailure = messageOf(body, response.status);
      if (response.status !== 503) break;
    } catch (error) {
      if (request.signal.aborted) throw error;
      lastFailure = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
  throw new Error(`POST /subscriptions failed: ${lastFailure}`);
}

export interface SelfSubscriptionOptions {
  readonly restUrl: string;
  readonly token: string;
  readonly receiverUrl: string;
  readonly status: ReceiverStatus;
  readonly log: (line: string) => void;
}

/** Subscribes the receiver in the background, recording how it went; `stop` gives up and waits. */
export function startSelfSubscription(options: SelfSubscriptionOptions): { stop(): Promise<void> } {
  const subscribing = new AbortController();
  const subscribed = subscribeReceiver({
    restUrl: options.restUrl,
    token: options.token,
    receiverUrl: options.receiverUrl,
    signal: subscribing.signal,
  }).then(
    (id) => {
      options.status.subscribed(id);
      options.log(`The demo webhook receiver subscribed (${id})`);
    },
    (error: Error) => {
      if (subscribing.signal.aborted) return;
      options.status.failed(error.message);
      options.log(`The demo webhook receiver could not subscribe: ${error.message}`);
    },
  );
  return {
    stop: async () => {
      subscribing.abort();
      await subscribed;
    },
  };
}
