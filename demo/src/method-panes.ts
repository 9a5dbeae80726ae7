import type { TransportName } from '../../client/types';
import type { WebhookDelivery, WebhookStatus } from './contract';
import { summarize } from './metrics';
import { Pane } from './pane';
import { renderSummary } from './summary-table';
import { webhookWatch } from './webhook-metrics';

const SINGLE_TRANSPORT: ReadonlyArray<{ key: TransportName; method: string; description: string }> = [
  {
    key: 'poll',
    method: 'Short polling',
    description: 'GET /checks/{id} each interval, with If-None-Match (304 when unchanged)',
  },
  {
    key: 'long-poll',
    method: 'Long polling',
    description: 'GET /checks/{id}?waitSeconds&afterVersion: the server holds the request until a change',
  },
  {
    key: 'sse',
    method: 'Server-Sent Events',
    description: 'GET /checks/{id}/events: one streamed response, an event per change',
  },
  {
    key: 'connect',
    method: 'Connect (protobuf)',
    description:
      'POST /rpc/checks.v1.CheckService/WatchCheck: a server stream of protobuf CloudEvents over HTTP/1.1',
  },
  {
    key: 'websocket',
    method: 'WebSocket',
    description: 'subscribe over the WebSocket API; the server pushes each change',
  },
  {
    key: 'appsync-events',
    method: 'AppSync Events',
    description:
      'subscribe to the check’s channel on AppSync Events; the backend publishes each change once and AWS delivers it',
  },
];

/**
 * The page's panes: one per single-transport client, the webhook receiver's and the
 * falling-back client's, and the summary table shown once every one of them has ended.
 */
export class MethodPanes {
  readonly clients: ReadonlyArray<readonly [TransportName, Pane]>;
  readonly webhook: Pane;
  readonly fallback: Pane;
  private readonly all: readonly Pane[];

  /** `offered` leaves out the transports the configuration has no endpoint for. */
  constructor(
    template: HTMLTemplateElement,
    container: HTMLElement,
    private readonly summary: HTMLElement,
    private readonly summaryBody: HTMLTableSectionElement,
    offered: (transport: TransportName) => boolean = () => true,
  ) {
    this.clients = SINGLE_TRANSPORT.filter(({ key }) => offered(key)).map(
      ({ key, method, description }) => [key, new Pane(template, method, key, description)] as const,
    );
    this.webhook = new Pane(
      template,
      'Webhooks',
      'webhook',
      'SNS POSTs each change to the demo server’s receiver, which relays them to this page',
    );
    this.fallback = new Pane(template, 'Falling-back client', 'fallback', '');
    this.all = [...this.clients.map(([, pane]) => pane), this.webhook, this.fallback];
    container.append(...this.all.map((pane) => pane.element));
  }

  reset(): void {
    this.summary.hidden = true;
    for (const pane of this.all) pane.reset();
  }

  readonly refreshSummary = (): void => {
    if (!this.all.every((pane) => pane.ended)) return;
    renderSummary(this.summaryBody, summarize(this.all.map((pane) => pane.currentMetrics)));
    this.summary.hidden = false;
  };

  startWebhook(status: WebhookStatus): void {
    this.webhook.start('SNS HTTP POST');
    if (status.state === 'failed') this.webhook.fail(status.message);
  }

  /** Redraws the webhook pane from every delivery the receiver relayed so far. */
  showWebhook(deliveries: readonly WebhookDelivery[], checkId: string): void {
    const watch = webhookWatch(this.webhook.method, deliveries, checkId);
    this.webhook.setMetrics(watch.metrics);
    this.webhook.setEvents(watch.events);
    if (watch.terminal !== undefined && !this.webhook.ended) this.webhook.finish(watch.terminal);
    this.refreshSummary();
  }
}
