import type { CheckCloudEvent } from '../../client/types';

/** The two APIs a watch talks to. */
export interface ApiEndpoints {
  readonly restUrl: string;
  readonly wsUrl: string;
}

/** AppSync Events as a client reaches it: `https://<host>/event` and `wss://<host>/event/realtime`. */
export interface AppSyncEventsEndpoints {
  readonly httpUrl: string;
  readonly realtimeUrl: string;
}

/** What the demo server answers at `/config.json`. */
export interface DemoConfig extends ApiEndpoints {
  /** A bearer token for tenant `demo`. */
  readonly token: string;
  /** Present when the sandbox runs AppSync Events: the page then shows its pane. */
  readonly appSyncEvents?: AppSyncEventsEndpoints;
  /** The same APIs behind the restrictive proxies the demo server runs. */
  readonly proxies: {
    readonly webSocketBlocked: ApiEndpoints;
    readonly webSocketBlockedSseBuffered: ApiEndpoints;
  };
}

/** What `/webhooks/status` answers: the state of the receiver's own SNS subscription. */
export type WebhookStatus =
  | { readonly state: 'pending' }
  | { readonly state: 'confirmed'; readonly subscriptionId: string | undefined }
  | { readonly state: 'failed'; readonly message: string };

/** One Notification the receiver accepted, as `/webhooks/deliveries` streams it. */
export interface WebhookDelivery {
  readonly event: CheckCloudEvent;
  /** When the POST reached the receiver, epoch ms (the server's clock, the same machine's). */
  readonly receivedAt: number;
  /** The POST as the server saw it: request line, headers and body. */
  readonly bytes: number;
}

/** The name of the server-sent event that carries a `WebhookDelivery`. */
export const DELIVERY_EVENT = 'delivery';
