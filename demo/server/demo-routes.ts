import type { RequestListener, ServerResponse } from 'node:http';
import type { DemoConfig } from '../src/contract';
import type { DeliveryFeed } from './delivery-feed';
import type { ReceiverStatus } from './receiver-status';
import { serveStaticFile, type StaticFiles } from './static-files';
import { RECEIVER_PATH } from './webhook-receiver';

export interface DemoRoutes {
  readonly files: StaticFiles;
  readonly config: DemoConfig;
  readonly status: ReceiverStatus;
  readonly feed: DeliveryFeed;
  /** SNS's POSTs to the receiver. */
  readonly receive: RequestListener;
}

function json(response: ServerResponse, value: unknown): void {
  response
    .writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    .end(JSON.stringify(value));
}

/** What the demo server answers: the receiver's POSTs, then the page's GETs. */
export function demoRoutes(routes: DemoRoutes): RequestListener {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://demo');
    if (request.method === 'POST' && url.pathname === RECEIVER_PATH) return routes.receive(request, response);
    if (request.method !== 'GET') {
      response.writeHead(405, { 'Content-Type': 'text/plain', Allow: 'GET' }).end('Method not allowed\n');
      return;
    }
    if (url.pathname === '/config.json') return json(response, routes.config);
    if (url.pathname === '/webhooks/status') return json(response, routes.status.current);
    if (url.pathname === '/webhooks/deliveries') {
      const lastEventId = request.headers['last-event-id'];
      return routes.feed.open(response, typeof lastEventId === 'string' ? lastEventId : undefined);
    }
    serveStaticFile(routes.files, url.pathname, response);
  };
}
