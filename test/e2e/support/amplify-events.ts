import { readFileSync } from 'node:fs';
import { Amplify } from 'aws-amplify';
import { events } from 'aws-amplify/data';
import { WebSocket } from 'ws';
import type { AppSyncEventsEndpoints } from './endpoints';

/** What amplify's events client delivers for each event of a channel. */
export interface ReceivedEvent {
  readonly event: unknown;
}

/** `<id>.appsync-api.<region>.amazonaws.com` names its region; the sandbox's host does not, and is us-east-1. */
function regionOf(httpUrl: string): string {
  return /\.appsync-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(httpUrl).host)?.[1] ?? 'us-east-1';
}

/**
 * Sets amplify's events client up against `endpoints` with the Lambda authorizer as its auth
 * mode. Node 20 has no global WebSocket, which amplify constructs as `new WebSocket(url,
 * protocols)`: a `ws` socket stands in, trusting the sandbox's CA when the target has one.
 */
export function configureAmplifyEvents(endpoints: AppSyncEventsEndpoints): void {
  const ca = endpoints.caCertFile === undefined ? undefined : readFileSync(endpoints.caCertFile, 'utf8');
  (globalThis as { WebSocket?: unknown }).WebSocket = class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, ca === undefined ? {} : { ca });
    }
  };
  Amplify.configure({
    API: {
      Events: { endpoint: endpoints.httpUrl, region: regionOf(endpoints.httpUrl), defaultAuthMode: 'lambda' },
    },
  });
}

export interface ChannelWatch {
  readonly received: ReceivedEvent[];
  readonly errors: unknown[];
  /** Settles once AppSync answered the subscribe: rejects with its error. */
  readonly ready: Promise<unknown>;
  close(): Promise<void>;
}

/** Connects with `token` (sent as the authorizer's `Authorization`) and subscribes to `channel`. */
export async function watchChannel(channel: string, token: string): Promise<ChannelWatch> {
  const connection = await events.connect(channel, { authMode: 'lambda', authToken: `Bearer ${token}` });
  const received: ReceivedEvent[] = [];
  const errors: unknown[] = [];
  const subscription = connection.subscribe({
    next: (data: ReceivedEvent) => received.push(data),
    error: (error: unknown) => errors.push(error),
  });
  return {
    received,
    errors,
    ready: subscription.ready,
    close: async () => {
      subscription.unsubscribe();
      await connection.close();
    },
  };
}
