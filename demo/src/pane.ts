import type { CheckCloudEvent, TransportChange, TransportName, WatchStats } from '../../client/types';
import { formatBytes, formatMs, median, type PaneMetrics } from './metrics';

export type PaneState = 'idle' | 'watching' | 'done' | 'failed' | 'error';

const ENDED: readonly PaneState[] = ['done', 'failed', 'error'];

function field(root: HTMLElement, name: string): HTMLElement {
  const element = root.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (element === null) throw new Error(`The pane template lacks data-field="${name}"`);
  return element;
}

/**
 * One method's pane: its events, transport and counters. Counters are redrawn at most once
 * a frame; the live region speaks only when the state or the transport changes, never per event.
 */
export class Pane {
  readonly element: HTMLElement;
  private state: PaneState = 'idle';
  private metrics: PaneMetrics;
  private lastTransport: string | undefined;
  private redrawPending = false;

  constructor(
    template: HTMLTemplateElement,
    readonly method: string,
    readonly key: string,
    description: string,
  ) {
    const fragment = template.content.cloneNode(true) as DocumentFragment;
    const element = fragment.querySelector<HTMLElement>('.pane');
    if (element === null) throw new Error('The pane template lacks .pane');
    this.element = element;
    element.dataset.method = key;
    const title = field(element, 'title');
    title.id = `pane-${key}-title`;
    title.textContent = method;
    element.setAttribute('aria-labelledby', title.id);
    field(element, 'description').textContent = description;
    this.metrics = { method, events: 0, requests: 0, bytes: 0, delaysMs: [] };
    this.reset();
  }

  get ended(): boolean {
    return ENDED.includes(this.state);
  }

  get currentMetrics(): PaneMetrics {
    return this.metrics;
  }

  reset(): void {
    this.metrics = { method: this.method, events: 0, requests: 0, bytes: 0, delaysMs: [] };
    this.lastTransport = undefined;
    field(this.element, 'events').replaceChildren();
    field(this.element, 'fallbacks').replaceChildren();
    this.showTransport(undefined);
    this.setState('idle', 'Idle');
    this.redraw();
  }

  start(transport?: string): void {
    if (transport !== undefined) this.showTransport(transport);
    this.setState('watching', 'Watching');
  }

  /** Counters from the client's own statistics. */
  setStats(stats: WatchStats): void {
    const counters = Object.values(stats.perTransport);
    this.metrics = {
      method: this.method,
      events: stats.events,
      requests: counters.reduce((sum, { requests }) => sum + requests, 0),
      bytes: counters.reduce((sum, { bytes }) => sum + bytes, 0),
      delaysMs: stats.latenciesMs,
    };
    if (stats.transport !== undefined && stats.transport !== this.lastTransport)
      this.showTransport(stats.transport);
    this.scheduleRedraw();
  }

  setMetrics(metrics: PaneMetrics): void {
    this.metrics = metrics;
    this.scheduleRedraw();
  }

  transportChanged(change: TransportChange): void {
    if (change.from !== undefined) {
      const item = document.createElement('li');
      item.textContent = `${change.from} → ${change.to}${change.reason === undefined ? '' : `: ${change.reason}`}`;
      field(this.element, 'fallbacks').append(item);
      this.announce(`Fell back to ${change.to}`);
    }
    this.showTransport(change.to);
  }

  addEvent(event: CheckCloudEvent, delayMs: number | undefined): void {
    const item = document.createElement('li');
    item.dataset.type = event.type;
    const type = document.createElement('span');
    type.className = 'event-type';
    type.textContent = event.type.replace('check.', '');
    const detail = document.createElement('span');
    detail.className = 'event-detail';
    detail.textContent = `v${event.data.version} · ${event.data.progress}% · ${formatMs(delayMs)}`;
    item.append(type, detail);
    field(this.element, 'events').append(item);
  }

  /** Replaces the event list, for a pane that recomputes it from every delivery. */
  setEvents(
    events: ReadonlyArray<{ readonly event: CheckCloudEvent; readonly delayMs: number | undefined }>,
  ): void {
    field(this.element, 'events').replaceChildren();
    for (const { event, delayMs } of events) this.addEvent(event, delayMs);
  }

  setDescription(description: string): void {
    field(this.element, 'description').textContent = description;
  }

  /** The watch ended with this check's final event. */
  finish(last: CheckCloudEvent | undefined): void {
    if (last?.type === 'check.done') this.setState('done', `Done at version ${last.data.version}`);
    else if (last?.type === 'check.failed') this.setState('failed', `Failed at version ${last.data.version}`);
    else this.fail('The watch ended before the check did');
  }

  fail(message: string): void {
    this.setState('error', `Error: ${message}`);
  }

  private showTransport(transport: TransportName | string | undefined): void {
    if (transport !== undefined) {
      this.lastTransport = transport;
      this.element.dataset.transport = transport;
    } else {
      delete this.element.dataset.transport;
    }
    field(this.element, 'transport').textContent = transport ?? '–';
  }

  private setState(state: PaneState, status: string): void {
    this.state = state;
    this.element.dataset.state = state;
    this.announce(status);
  }

  private announce(status: string): void {
    field(this.element, 'status').textContent = status;
  }

  private scheduleRedraw(): void {
    if (this.redrawPending) return;
    this.redrawPending = true;
    requestAnimationFrame(() => {
      this.redrawPending = false;
      this.redraw();
    });
  }

  private redraw(): void {
    const { events, requests, bytes, delaysMs } = this.metrics;
    field(this.element, 'events-count').textContent = String(events);
    field(this.element, 'requests').textContent = String(requests);
    field(this.element, 'bytes').textContent = formatBytes(bytes);
    field(this.element, 'last-delay').textContent = formatMs(delaysMs[delaysMs.length - 1]);
    field(this.element, 'median-delay').textContent = formatMs(median(delaysMs));
  }
}
