import type { CheckCloudEvent } from '../../client/types';
import type { WebhookDelivery } from './contract';
import type { PaneMetrics } from './metrics';

export interface WebhookWatch {
  readonly metrics: PaneMetrics;
  /** Each event once, in version order (SNS may deliver out of order, and retries repeat). */
  readonly events: ReadonlyArray<{ readonly event: CheckCloudEvent; readonly delayMs: number }>;
  /** The `check.done` or `check.failed` event, once it arrived. */
  readonly terminal: CheckCloudEvent | undefined;
}

const versionOf = (event: CheckCloudEvent) => event.data.version;

/** The deliveries of one check, seen as a watch: each POST is a request, each new event id an event. */
export function webhookWatch(
  method: string,
  deliveries: readonly WebhookDelivery[],
  checkId: string,
): WebhookWatch {
  const mine = deliveries.filter(({ event }) => event.subject === checkId);
  const first = new Map<string, { event: CheckCloudEvent; delayMs: number }>();
  for (const { event, receivedAt } of mine) {
    if (!first.has(event.id)) first.set(event.id, { event, delayMs: receivedAt - Date.parse(event.time) });
  }
  const events = [...first.values()].sort((a, b) => versionOf(a.event) - versionOf(b.event));
  const terminal = events
    .map(({ event }) => event)
    .find(({ type }) => type === 'check.done' || type === 'check.failed');
  return {
    metrics: {
      method,
      events: events.length,
      requests: mine.length,
      bytes: mine.reduce((sum, { bytes }) => sum + bytes, 0),
      delaysMs: [...first.values()].map(({ delayMs }) => delayMs),
    },
    events,
    terminal,
  };
}
