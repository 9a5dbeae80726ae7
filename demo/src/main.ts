import type { TransportName, WatchOptions } from '../../client/types';
import { checkRequestBody, errorMessage, fallbackEndpoints } from './check-request';
import type { DemoConfig, WebhookStatus } from './contract';
import { summarize } from './metrics';
import { Pane } from './pane';
import { renderSummary } from './summary-table';
import { watchIntoPane } from './watch-pane';
import { WebhookFeed } from './webhook-feed';
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
    key: 'websocket',
    method: 'WebSocket',
    description: 'subscribe over the WebSocket API; the server pushes each change',
  },
];
const DEFAULT_POLL_INTERVAL_MS = 1000;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`The page lacks #${id}`);
  return found as T;
}

function inputValue(id: string): string {
  return element<HTMLInputElement>(id).value;
}

async function loadConfig(): Promise<DemoConfig> {
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  return (await response.json()) as DemoConfig;
}

function showWebhookStatus(status: WebhookStatus): void {
  const target = element('webhook-status');
  target.dataset.state = status.state;
  target.textContent =
    status.state === 'pending'
      ? 'Webhook receiver: waiting for SNS to confirm its subscription…'
      : status.state === 'confirmed'
        ? 'Webhook receiver: subscribed and confirmed.'
        : `Webhook receiver: not subscribed: ${status.message}`;
}

async function main(): Promise<void> {
  const config = await loadConfig();
  const template = element<HTMLTemplateElement>('pane-template');
  const clientPanes = SINGLE_TRANSPORT.map(
    ({ key, method, description }) => [key, new Pane(template, method, key, description)] as const,
  );
  const webhookPane = new Pane(
    template,
    'Webhooks',
    'webhook',
    'SNS POSTs each change to the demo server’s receiver, which relays them to this page',
  );
  const fallbackPane = new Pane(template, 'Falling-back client', 'fallback', '');
  const panes = [...clientPanes.map(([, pane]) => pane), webhookPane, fallbackPane];
  element('panes').append(...panes.map((pane) => pane.element));

  const feed = new WebhookFeed(new URL('.', location.href));
  let webhookStatus: WebhookStatus = { state: 'pending' };
  void feed.followStatus((status) => {
    webhookStatus = status;
    showWebhookStatus(status);
  });

  const summary = element('summary');
  const summaryBody = element<HTMLTableSectionElement>('summary-body');
  const refreshSummary = () => {
    if (!panes.every((pane) => pane.ended)) return;
    renderSummary(summaryBody, summarize(panes.map((pane) => pane.currentMetrics)));
    summary.hidden = false;
  };

  let checkId: string | undefined;
  const refreshWebhookPane = () => {
    if (checkId === undefined) return;
    const watch = webhookWatch(webhookPane.method, feed.deliveries, checkId);
    webhookPane.setMetrics(watch.metrics);
    webhookPane.setEvents(watch.events);
    if (watch.terminal !== undefined && !webhookPane.ended) webhookPane.finish(watch.terminal);
    refreshSummary();
  };
  feed.onDelivery(refreshWebhookPane);

  const block = element<HTMLInputElement>('block-websocket');
  const buffer = element<HTMLInputElement>('buffer-sse');
  block.addEventListener('change', () => {
    buffer.disabled = !block.checked;
    if (!block.checked) buffer.checked = false;
  });

  const form = element<HTMLFormElement>('check-form');
  const formError = element('form-error');
  const checkInfo = element('check-info');
  let running: AbortController | undefined;
  form.addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    void (async () => {
      formError.hidden = true;
      const body = checkRequestBody({
        target: inputValue('target'),
        steps: inputValue('steps'),
        stepMs: inputValue('step-ms'),
        failAtStep: inputValue('fail-at-step'),
      });
      let created: { id: string };
      try {
        const response = await fetch(new URL('checks', config.restUrl), {
          method: 'POST',
          headers: { Authorization: `Bearer ${config.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        const answer: unknown = await response.json().catch(() => undefined);
        if (!response.ok) throw new Error(errorMessage(response.status, answer));
        created = answer as { id: string };
      } catch (error) {
        formError.textContent = `The check was not created: ${(error as Error).message}`;
        formError.hidden = false;
        return;
      }

      running?.abort();
      running = new AbortController();
      const { signal } = running;
      checkId = created.id;
      checkInfo.dataset.checkId = created.id;
      checkInfo.textContent = `Watching check ${created.id} (${String(body.target)}).`;
      summary.hidden = true;
      for (const pane of panes) pane.reset();

      const pollIntervalMs = Number(inputValue('poll-interval')) || DEFAULT_POLL_INTERVAL_MS;
      const base: WatchOptions = {
        restUrl: config.restUrl,
        wsUrl: config.wsUrl,
        token: config.token,
        pollIntervalMs,
      };
      for (const [key, pane] of clientPanes) {
        void watchIntoPane(pane, created.id, { ...base, transports: [key] }, signal).then(refreshSummary);
      }
      const restrictions = { blockWebSocket: block.checked, bufferSse: buffer.checked };
      fallbackPane.setDescription(
        restrictions.blockWebSocket
          ? `All transports, through a proxy that refuses WebSocket upgrades${restrictions.bufferSse ? ' and buffers SSE responses' : ''}`
          : 'All transports, straight to the APIs',
      );
      void watchIntoPane(
        fallbackPane,
        created.id,
        { ...base, ...fallbackEndpoints(config, restrictions) },
        signal,
      ).then(refreshSummary);
      webhookPane.start('SNS HTTP POST');
      if (webhookStatus.state === 'failed') webhookPane.fail(webhookStatus.message);
      refreshWebhookPane();
    })();
  });
  element<HTMLButtonElement>('create').disabled = false;
}

main().catch((error: unknown) => {
  const formError = document.getElementById('form-error');
  if (formError === null) return;
  formError.textContent = `The demo could not start: ${(error as Error).message}`;
  formError.hidden = false;
});
