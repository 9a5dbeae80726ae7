import type { CheckCloudEvent, CheckEventType } from '../../../client/types';
import type { WebhookDelivery } from '../../../demo/src/contract';
import { webhookWatch } from '../../../demo/src/webhook-metrics';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function event(checkId: string, version: number, type: CheckEventType): CheckCloudEvent {
  const time = new Date(T0 + version * 1000).toISOString();
  return {
    specversion: '1.0',
    id: `${checkId}:${version}`,
    source: '/checks',
    type,
    subject: checkId,
    time,
    datacontenttype: 'application/json',
    data: {
      id: checkId,
      status: type === 'check.done' ? 'done' : 'processing',
      progress: (version - 1) * 50,
      version,
      target: 'example.com',
      createdAt: new Date(T0).toISOString(),
      updatedAt: time,
    },
  };
}

function delivery(value: CheckCloudEvent, delayMs: number, bytes = 100): WebhookDelivery {
  return { event: value, receivedAt: Date.parse(value.time) + delayMs, bytes };
}

describe('webhookWatch', () => {
  it('counts only the deliveries of its check', () => {
    const watch = webhookWatch(
      'Webhooks',
      [delivery(event('a', 1, 'check.created'), 10), delivery(event('b', 1, 'check.created'), 20)],
      'a',
    );
    expect(watch.metrics).toEqual({ method: 'Webhooks', events: 1, requests: 1, bytes: 100, delaysMs: [10] });
  });

  it('counts a retried delivery as a request and its bytes, but its event once, at its first arrival', () => {
    const created = event('a', 1, 'check.created');
    const watch = webhookWatch('Webhooks', [delivery(created, 10, 120), delivery(created, 900, 130)], 'a');
    expect(watch.metrics).toMatchObject({ events: 1, requests: 2, bytes: 250, delaysMs: [10] });
    expect(watch.events).toEqual([{ event: created, delayMs: 10 }]);
  });

  it('lists events in version order when SNS delivers them out of order', () => {
    const watch = webhookWatch(
      'Webhooks',
      [
        delivery(event('a', 3, 'check.done'), 5),
        delivery(event('a', 1, 'check.created'), 5),
        delivery(event('a', 2, 'check.progress'), 5),
      ],
      'a',
    );
    expect(watch.events.map(({ event: { data } }) => data.version)).toEqual([1, 2, 3]);
    expect(watch.terminal?.type).toBe('check.done');
  });

  it('has no terminal event while the check runs', () => {
    const watch = webhookWatch('Webhooks', [delivery(event('a', 1, 'check.created'), 5)], 'a');
    expect(watch.terminal).toBeUndefined();
  });
});
