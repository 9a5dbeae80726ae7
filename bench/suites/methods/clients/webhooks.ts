import { setTimeout as delay } from 'node:timers/promises';
import { CHECK_EVENT_TYPES, type CheckCloudEvent } from '../../../../lambda/shared/cloud-event';
import { CountingWebhookReceiver, type CountedDelivery } from '../../../wire/counting-webhook-receiver';
import { NO_WIRE, type WireCount } from '../../../wire/socket-meter';
import type { ClientTrace, MethodSession, Received } from '../types';
import { checkUrl, inBatches, type RunSpec } from './run-spec';

function traceOf(deliveries: readonly CountedDelivery[], readyAt: number, endAt: number): ClientTrace {
  const received: Received[] = [];
  let steady: WireCount = NO_WIRE;
  for (const delivery of deliveries) {
    if (delivery.type !== 'Notification' || delivery.message === undefined) continue;
    const event = JSON.parse(delivery.message) as CheckCloudEvent;
    received.push({
      version: event.data.version,
      at: delivery.at,
      payloadBytes: Buffer.byteLength(delivery.message),
      phase: 'steady',
    });
    steady = {
      bytesIn: steady.bytesIn + delivery.bytesIn,
      bytesOut: steady.bytesOut + delivery.bytesOut,
      requests: steady.requests + 1,
    };
  }
  const setup = deliveries.filter((delivery) => delivery.type === 'SubscriptionConfirmation');
  const setupWire = setup.reduce(
    (sum, delivery) => ({
      bytesIn: sum.bytesIn + delivery.bytesIn,
      bytesOut: sum.bytesOut + delivery.bytesOut,
      requests: sum.requests + 1,
    }),
    NO_WIRE,
  );
  return { received, setupWire, steadyWire: steady, readyAt, endAt };
}

/**
 * N webhook subscriptions, one receiver path each, created and confirmed before the check
 * exists. A subscription's `checkId` filter needs the check's id, which would leave the
 * first steps to race the confirmations; the run's tenant is its own instead, so the
 * tenant pinned in every filter policy selects exactly this check.
 */
export async function runWebhooks(spec: RunSpec): Promise<MethodSession> {
  const receiver = await CountingWebhookReceiver.start();
  const notes: string[] = [];
  try {
    const paths = Array.from({ length: spec.clients }, (_, index) => `/hook/${index}`);
    await inBatches(spec.clients, 16, async (index) => {
      const answer = await fetch(checkUrl(spec.restUrl, 'subscriptions'), {
        method: 'POST',
        headers: { Authorization: `Bearer ${spec.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: receiver.urlOf(paths[index]), events: CHECK_EVENT_TYPES }),
      });
      if (answer.status !== 201)
        throw new Error(`POST /subscriptions answered ${answer.status}: ${await answer.text()}`);
    });
    const confirmBy = Date.now() + 30_000 + spec.clients * 50;
    while (receiver.confirmed < spec.clients && Date.now() < confirmBy) await delay(50);
    if (receiver.confirmed < spec.clients)
      notes.push(`${spec.clients - receiver.confirmed} subscriptions were never confirmed`);
    const readyAt = Date.now();
    const checkId = await spec.createCheck();
    const pending = new Set(paths);
    let scanned = 0;
    while (pending.size > 0 && Date.now() < spec.deadline) {
      await delay(100);
      for (; scanned < receiver.deliveries.length; scanned += 1) {
        const delivery = receiver.deliveries[scanned];
        if (delivery.message === undefined) continue;
        const event = JSON.parse(delivery.message) as CheckCloudEvent;
        if (event.data.version >= spec.finalVersion) pending.delete(delivery.path);
      }
    }
    if (pending.size > 0)
      notes.push(`${pending.size} receivers had not received the final version by the deadline`);
    const endAt = Date.now();
    const byPath = new Map<string, CountedDelivery[]>(paths.map((path) => [path, []]));
    for (const delivery of receiver.deliveries) byPath.get(delivery.path)?.push(delivery);
    const clients = paths.map((path) => traceOf(byPath.get(path) ?? [], readyAt, endAt));
    const commits = new Map<number, number>();
    for (const delivery of receiver.deliveries) {
      if (delivery.message === undefined) continue;
      const event = JSON.parse(delivery.message) as CheckCloudEvent;
      commits.set(event.data.version, Date.parse(event.time));
    }
    return { checkId, clients, commits, readyAt, notes };
  } finally {
    await receiver.stop();
  }
}
