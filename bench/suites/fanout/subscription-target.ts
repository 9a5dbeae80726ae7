import { readFileSync } from 'node:fs';
import {
  authorizationOf,
  checkChannelOf,
  subprotocolsOf,
  tenantOf,
} from '../../../client/transports/appsync-events-auth';
import type { SandboxEndpoints } from '../../../sandbox';
import { PLAIN, type SocketDialect } from '../../ws/socket-dialect';
import { authorizedWsUrl } from './sandbox-api';

/** Where a fleet's clients connect and how each subscribes to a check's changes. */
export interface SubscriptionTarget {
  readonly url: string;
  readonly dialect: SocketDialect;
  subscribeMessage(checkId: string): string;
  /** The key (`messageKey`) of the answer to one subscribe. */
  readonly subscribedKey: string;
}

/** API Gateway WebSocket: the token on the upgrade's query string, `subscribe` as the route. */
export function webSocketTarget(endpoints: SandboxEndpoints): SubscriptionTarget {
  return {
    url: authorizedWsUrl(endpoints),
    dialect: PLAIN,
    subscribeMessage: (checkId) => JSON.stringify({ action: 'subscribe', checkId }),
    subscribedKey: 'subscribed',
  };
}

/** The one subscription each AppSync client holds; its id is the client's own, so one serves all. */
const SUBSCRIPTION_ID = 'fanout';

/** AppSync Events: the token in the upgrade's subprotocol and in each subscribe, the check's channel. */
export function appSyncEventsTarget(endpoints: SandboxEndpoints): SubscriptionTarget | undefined {
  const events = endpoints.appSyncEvents;
  const tenant = tenantOf(endpoints.token);
  if (events === undefined || tenant === undefined) return undefined;
  const authorization = authorizationOf(events.httpUrl, endpoints.token);
  return {
    url: events.realtimeUrl,
    dialect: {
      kind: 'appsync-events',
      subprotocols: subprotocolsOf(authorization),
      ca: readFileSync(events.caCertFile, 'utf8'),
    },
    subscribeMessage: (checkId) =>
      JSON.stringify({
        type: 'subscribe',
        id: SUBSCRIPTION_ID,
        channel: checkChannelOf(tenant, checkId),
        authorization,
      }),
    subscribedKey: 'subscribe_success',
  };
}
