import { createServer } from 'node:http';
import type { AppSyncEventsEndpoints, DemoConfig } from '../src/contract';
import { DeliveryFeed } from './delivery-feed';
import { startDemoProxies } from './demo-proxies';
import { demoRoutes } from './demo-routes';
import { listen } from './listen';
import { ReceiverStatus } from './receiver-status';
import { startSelfSubscription } from './self-subscription';
import { loadStaticFiles } from './static-files';
import { RECEIVER_PATH, webhookReceiver } from './webhook-receiver';

export interface DemoServerOptions {
  readonly restUrl: string;
  readonly wsUrl: string;
  /** The AppSync Events endpoints, as the endpoints file names them; without them the page has no AppSync pane. */
  readonly appSyncEvents?: AppSyncEventsEndpoints;
  /** A token for tenant `demo`: the page's and the receiver's subscription's. */
  readonly token: string;
  /** The sandbox's SNS endpoint, which serves the certificate its signatures verify against. */
  readonly snsEndpoint: string;
  readonly host: string;
  readonly port: number;
  readonly log: (line: string) => void;
}

export interface RunningDemoServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The demo page's server: the page, its bundle, its configuration (the APIs, directly and
 * behind restrictive proxies), and a webhook receiver subscribed through the REST API whose
 * deliveries it streams to the page.
 */
export async function startDemoServer(options: DemoServerOptions): Promise<RunningDemoServer> {
  const files = await loadStaticFiles();
  const apis = { restUrl: options.restUrl, wsUrl: options.wsUrl };
  const proxies = await startDemoProxies(apis, options.host);
  const config: DemoConfig = {
    ...apis,
    ...(options.appSyncEvents === undefined ? {} : { appSyncEvents: options.appSyncEvents }),
    token: options.token,
    proxies: proxies.endpoints,
  };

  const status = new ReceiverStatus();
  const feed = new DeliveryFeed();
  const receive = webhookReceiver({
    snsEndpoint: options.snsEndpoint,
    feed,
    onConfirmed: () => {
      status.confirmed();
      options.log('The demo webhook receiver confirmed its subscription');
    },
  });
  const server = createServer(demoRoutes({ files, config, status, feed, receive }));
  let port: number;
  try {
    ({ port } = await listen(server, options.port, options.host));
  } catch (error) {
    await proxies.stop();
    throw error;
  }
  const url = `http://${options.host}:${port}/`;

  // Subscribed only once it listens: SNS confirms the subscription by POSTing to it.
  const subscription = startSelfSubscription({
    restUrl: options.restUrl,
    token: options.token,
    receiverUrl: new URL(RECEIVER_PATH, url).href,
    status,
    log: options.log,
  });
  return {
    url,
    stop: async () => {
      await subscription.stop();
      feed.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      await proxies.stop();
    },
  };
}
