import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  spawnSandbox,
  stopOnExit,
  stopSpawnedSandbox,
  type SandboxProcess,
} from '../../scripts/sandbox-process';
import { findChromium } from './support/find-chromium';
import { trustedSpkiHash } from './support/trusted-spki';

const PROJECT_DIR = resolve(__dirname, '..', '..');
const ARTIFACTS = resolve(PROJECT_DIR, 'artifacts', 'browser');
/** The demo's panes, in page order: a wait for "every pane" counts them from here. */
const METHODS = ['poll', 'long-poll', 'sse', 'connect', 'websocket', 'appsync-events', 'webhook', 'fallback'];
const PANES = METHODS.length;
const PANE_TIMEOUT_MS = 45_000;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

jest.setTimeout(60_000);

let sandbox: SandboxProcess | undefined;
let release: (() => void) | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

function chromiumPath(): string {
  const lookup = findChromium();
  if (!lookup.found) throw new Error(`${lookup.why}; run the suite with npm run test:browser`);
  return lookup.path;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  sandbox = await spawnSandbox(PROJECT_DIR, { logName: 'browser-sandbox.log' });
  release = stopOnExit(sandbox);
  const appSync = sandbox.endpoints.appSyncEvents;
  if (appSync === undefined) throw new Error('The sandbox names no AppSync Events endpoints');
  // The realtime endpoint is TLS only, with a certificate of the sandbox's own CA.
  const spki = await trustedSpkiHash(appSync.realtimeUrl, appSync.caCertFile);
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${spki}`],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(sandbox.endpoints.demoUrl);
  await page.locator('#webhook-status[data-state="confirmed"]').waitFor({ timeout: 30_000 });
  // The first check after the start pays every function's cold start at once (every pane's
  // worth on 2 cores), which can outlast a stream's 5 s first-event timeout and end its pane
  // in an error; one check followed until every pane has ended, however, keeps the tests
  // about the page, not about cold starts.
  await createCheck({ steps: 2, stepMs: 500 });
  await page
    .locator('.pane[data-state="done"], .pane[data-state="failed"], .pane[data-state="error"]')
    .nth(PANES - 1)
    .waitFor({ timeout: 120_000 });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (sandbox !== undefined) await stopSpawnedSandbox(sandbox);
  release?.();
}, 60_000);

interface CheckForm {
  readonly steps: number;
  readonly stepMs: number;
  readonly failAtStep?: number;
}

async function fillForm(form: CheckForm): Promise<void> {
  await page.fill('#target', 'example.com');
  await page.fill('#steps', String(form.steps));
  await page.fill('#step-ms', String(form.stepMs));
  await page.fill('#fail-at-step', form.failAtStep === undefined ? '' : String(form.failAtStep));
}

/** Submits the form and waits until the page follows the new check. */
async function createCheck(form: CheckForm): Promise<string> {
  await fillForm(form);
  const previous = (await page.getAttribute('#check-info', 'data-check-id')) ?? '';
  await page.click('#create');
  const info = page.locator(`#check-info[data-check-id]:not([data-check-id="${previous}"])`);
  await info.waitFor();
  return (await info.getAttribute('data-check-id')) ?? '';
}

interface PaneView {
  readonly method: string | null;
  readonly state: string | null;
  readonly transport: string | null;
  readonly status: string | null;
  readonly fallbacks: number;
  readonly lastEvent: string | null;
}

async function panes(): Promise<PaneView[]> {
  const views: PaneView[] = [];
  for (const pane of await page.locator('.pane').all()) {
    views.push({
      method: await pane.getAttribute('data-method'),
      state: await pane.getAttribute('data-state'),
      transport: await pane.getAttribute('data-transport'),
      status: await pane.locator('[data-field="status"]').textContent(),
      fallbacks: await pane.locator('[data-field="fallbacks"] li').count(),
      lastEvent: await pane.locator('[data-field="events"] li').last().getAttribute('data-type'),
    });
  }
  return views;
}

/** Waits until every pane is in `state`; on a timeout, says where each pane is and keeps a screenshot. */
async function waitForPanes(state: 'done' | 'failed', screenshot: string): Promise<PaneView[]> {
  try {
    await page
      .locator(`.pane[data-state="${state}"]`)
      .nth(PANES - 1)
      .waitFor({ timeout: PANE_TIMEOUT_MS });
  } catch (error) {
    await page.screenshot({ path: resolve(ARTIFACTS, `${screenshot}-timeout.png`), fullPage: true });
    throw new Error(`Not every pane reached ${state}: ${JSON.stringify(await panes(), null, 1)}\n${error}`);
  }
  await page.screenshot({ path: resolve(ARTIFACTS, `${screenshot}.png`), fullPage: true });
  return panes();
}

async function summaryRows(): Promise<string[][]> {
  const rows: string[][] = [];
  for (const row of await page.locator('#summary-body tr').all())
    rows.push(await row.locator('th, td').allTextContents());
  return rows;
}

describe('the demo page', () => {
  beforeEach(async () => {
    await page.uncheck('#buffer-sse', { force: true });
    await page.uncheck('#block-websocket');
  });

  it('follows a check to done through every method, and compares them', async () => {
    await createCheck({ steps: 4, stepMs: 400 });
    const views = await waitForPanes('done', 'done');
    expect(views.map(({ method }) => method)).toEqual(METHODS);
    expect(views.every(({ lastEvent }) => lastEvent === 'check.done')).toBe(true);
    expect(views.find(({ method }) => method === 'fallback')?.transport).toBe('websocket');
    expect(views.find(({ method }) => method === 'appsync-events')?.transport).toBe('appsync-events');

    await page.locator('#summary').waitFor({ state: 'visible' });
    // Webhooks come from the table's stream, which sees every version: created and 4 steps.
    // SNS may deliver the last before an earlier one, so wait for all five.
    await page.locator('.pane[data-method="webhook"] [data-field="events"] li').nth(4).waitFor();
    const rows = await summaryRows();
    expect(rows.map(([method]) => method)).toEqual([
      'Short polling',
      'Long polling',
      'Server-Sent Events',
      'Connect (protobuf)',
      'WebSocket',
      'AppSync Events',
      'Webhooks',
      'Falling-back client',
    ]);
    expect(rows.find(([method]) => method === 'Webhooks')?.[1]).toBe('5');
  });

  it('shows every method report a check that fails', async () => {
    await createCheck({ steps: 4, stepMs: 300, failAtStep: 2 });
    const views = await waitForPanes('failed', 'failed');
    // Every pane by name, so a failure says which one ended otherwise and why.
    expect(views.filter(({ lastEvent }) => lastEvent !== 'check.failed')).toEqual([]);
    expect(await page.locator('#summary').isVisible()).toBe(true);
  });

  it('falls back from a blocked WebSocket and still completes', async () => {
    await page.check('#block-websocket');
    await createCheck({ steps: 3, stepMs: 400 });
    const fallback = (await waitForPanes('done', 'websocket-blocked')).find(
      ({ method }) => method === 'fallback',
    );
    expect(fallback?.transport).toBeDefined();
    expect(fallback?.transport).not.toBe('websocket');
    expect(fallback?.fallbacks).toBeGreaterThanOrEqual(1);
  });

  it('falls back past a buffered SSE response too', async () => {
    await page.check('#block-websocket');
    await page.check('#buffer-sse');
    // Longer than the client's first-event timeout (5 s), so the buffered stream is still open when it gives up.
    await createCheck({ steps: 4, stepMs: 2000 });
    const fallback = (await waitForPanes('done', 'sse-buffered')).find(({ method }) => method === 'fallback');
    expect(['long-poll', 'poll']).toContain(fallback?.transport);
    expect(fallback?.fallbacks).toBeGreaterThanOrEqual(2);
  });

  it('shows the API’s message when it refuses the input', async () => {
    await fillForm({ steps: 3, stepMs: 100, failAtStep: 9 });
    await page.click('#create');
    const error = page.locator('#form-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.textContent()).toMatch(/^The check was not created: .*failAtStep/);
  });

  it('is labelled and works from the keyboard', async () => {
    await page.getByLabel('Target').fill('keyboard.example');
    await page.getByLabel('Steps').fill('2');
    await page.getByLabel('Step time, ms').fill('200');
    await page.getByLabel('Fail at step').fill('');
    const previous = (await page.getAttribute('#check-info', 'data-check-id')) ?? '';
    await page.getByLabel('Steps').press('Enter');
    await page.locator(`#check-info[data-check-id]:not([data-check-id="${previous}"])`).waitFor();
    await waitForPanes('done', 'keyboard');
    for (const pane of await page.locator('.pane').all()) {
      expect(await pane.getAttribute('aria-labelledby')).toMatch(/^pane-.+-title$/);
      expect(await pane.locator('[data-field="status"]').getAttribute('aria-live')).toBe('polite');
    }
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
