import { checkRequestBody, createCheck, type Restrictions } from './check-request';
import type { DemoConfig, WebhookStatus } from './contract';
import { element, inputValue } from './dom';
import { MethodPanes } from './method-panes';
import { startWatches } from './start-watches';
import { WebhookFeed } from './webhook-feed';

const DEFAULT_POLL_INTERVAL_MS = 1000;

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

/** The proxy checkboxes; buffering SSE means something only behind a blocked WebSocket. */
function restrictionToggles(): () => Restrictions {
  const block = element<HTMLInputElement>('block-websocket');
  const buffer = element<HTMLInputElement>('buffer-sse');
  block.addEventListener('change', () => {
    buffer.disabled = !block.checked;
    if (!block.checked) buffer.checked = false;
  });
  return () => ({ blockWebSocket: block.checked, bufferSse: buffer.checked });
}

/** Creates the check the form describes, or shows why the API refused it. */
async function createFromForm(config: DemoConfig): Promise<{ id: string; target: string } | undefined> {
  const formError = element('form-error');
  formError.hidden = true;
  const body = checkRequestBody({
    target: inputValue('target'),
    steps: inputValue('steps'),
    stepMs: inputValue('step-ms'),
    failAtStep: inputValue('fail-at-step'),
  });
  try {
    const created = await createCheck(config, body);
    return { id: created.id, target: String(body.target) };
  } catch (error) {
    formError.textContent = `The check was not created: ${(error as Error).message}`;
    formError.hidden = false;
    return undefined;
  }
}

async function main(): Promise<void> {
  const config = await loadConfig();
  const panes = new MethodPanes(
    element<HTMLTemplateElement>('pane-template'),
    element('panes'),
    element('summary'),
    element<HTMLTableSectionElement>('summary-body'),
    (transport) => transport !== 'appsync-events' || config.appSyncEvents !== undefined,
  );

  const feed = new WebhookFeed(new URL('.', location.href));
  let webhookStatus: WebhookStatus = { state: 'pending' };
  void feed.followStatus((status) => {
    webhookStatus = status;
    showWebhookStatus(status);
  });
  let checkId: string | undefined;
  const refreshWebhook = () => {
    if (checkId !== undefined) panes.showWebhook(feed.deliveries, checkId);
  };
  feed.onDelivery(refreshWebhook);

  const restrictions = restrictionToggles();
  const checkInfo = element('check-info');
  let running: AbortController | undefined;
  element<HTMLFormElement>('check-form').addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    void (async () => {
      const created = await createFromForm(config);
      if (created === undefined) return;
      // A newer check replaces the one on screen: its watches stop.
      running?.abort();
      running = new AbortController();
      checkId = created.id;
      checkInfo.dataset.checkId = created.id;
      checkInfo.textContent = `Watching check ${created.id} (${created.target}).`;
      panes.reset();
      const pollIntervalMs = Number(inputValue('poll-interval')) || DEFAULT_POLL_INTERVAL_MS;
      startWatches(
        panes,
        config,
        created.id,
        { pollIntervalMs, restrictions: restrictions() },
        running.signal,
      );
      panes.startWebhook(webhookStatus);
      refreshWebhook();
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
