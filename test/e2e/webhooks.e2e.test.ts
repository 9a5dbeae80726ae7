import { setTimeout as delay } from 'node:timers/promises';
import type { CheckEventType } from '../../lambda/shared/cloud-event';
import { expectCloudEvent, expectError, expectEveryVersion } from './support/contract';
import { eventually } from './support/eventually';
import type { RestClient } from './support/rest-client';
import { describeSandboxOnly, tenantSession, type TenantSession } from './support/suite';
import { WebhookReceiver } from './support/webhook-receiver';

const ALL_TYPES: CheckEventType[] = ['check.created', 'check.progress', 'check.done', 'check.failed'];
/** After a witness got an event, how long the others have to get it too if they were going to. */
const FAN_OUT_GRACE_MS = 750;

interface PublicSubscription {
  readonly id: string;
  readonly url: string;
  readonly events: CheckEventType[];
  readonly checkId: string | null;
  readonly status: string;
  readonly createdAt: string;
}

describeSandboxOnly(
  'webhooks and REST Hooks',
  'the receivers listen on loopback, which AWS cannot reach',
  () => {
    let alice: TenantSession;
    let bob: TenantSession;
    const receivers: WebhookReceiver[] = [];

    beforeAll(async () => {
      [alice, bob] = await Promise.all([tenantSession('hooks-a'), tenantSession('hooks-b')]);
    });

    afterAll(async () => {
      await Promise.all(receivers.map((receiver) => receiver.stop()));
    });

    async function receiver(): Promise<WebhookReceiver> {
      const started = await WebhookReceiver.start();
      receivers.push(started);
      return started;
    }

    /** POST /subscriptions, then the receiver confirms, and GET shows it confirmed. */
    async function subscribe(
      api: RestClient,
      hook: WebhookReceiver,
      body: { events: CheckEventType[]; checkId?: string },
    ): Promise<PublicSubscription> {
      const answer = await api.request('POST', 'subscriptions', { body: { url: hook.url, ...body } });
      expect({ status: answer.status, body: answer.json }).toEqual({
        status: 201,
        body: {
          id: expect.any(String),
          url: hook.url,
          events: body.events,
          checkId: body.checkId ?? null,
          status: 'pending_confirmation',
          createdAt: expect.any(String),
        },
      });
      const created = answer.json as PublicSubscription;
      expect(answer.headers.get('location')).toMatch(new RegExp(`/subscriptions/${created.id}$`));
      const confirmation = await hook.waitForConfirmation();
      expect(confirmation.subscribeUrl).toMatch(/^https?:\/\//);
      return eventually(
        async () => {
          const got = await api.request('GET', `subscriptions/${created.id}`);
          expect(got.status).toBe(200);
          const subscription = got.json as PublicSubscription;
          return subscription.status === 'confirmed' ? subscription : undefined;
        },
        { what: `subscription ${created.id} to be confirmed` },
      );
    }

    function eventsOfCheck(hook: WebhookReceiver, checkId: string) {
      return hook.acceptedEvents().filter((event) => event.subject === checkId);
    }

    it('confirms a subscription, delivers every version of each check as SNS Notifications, and DELETE ends it', async () => {
      const hook = await receiver();
      const witness = await receiver();
      const subscription = await subscribe(alice.api, hook, { events: ALL_TYPES });
      await subscribe(alice.api, witness, { events: ['check.done'] });
      const confirmation = hook.deliveries.find((delivery) => delivery.type === 'SubscriptionConfirmation');
      expect(confirmation?.body).toEqual(
        expect.objectContaining({ Type: 'SubscriptionConfirmation', SubscribeURL: expect.any(String) }),
      );
      const listed = await alice.api.request('GET', 'subscriptions');
      expect(listed.status).toBe(200);
      expect((listed.json as { items: PublicSubscription[] }).items).toContainEqual(subscription);

      const [done, failed] = await Promise.all([
        alice.api.createCheck({ target: 'hook-done.example', steps: 3, stepMs: 100 }),
        alice.api.createCheck({ target: 'hook-failed.example', steps: 3, stepMs: 100, failAtStep: 2 }),
      ]);
      await hook.waitForEvent((event) => event.subject === done.id && event.type === 'check.done', 'done');
      await hook.waitForEvent(
        (event) => event.subject === failed.id && event.type === 'check.failed',
        'failed',
      );

      for (const [check, last] of [
        [done.id, 4],
        [failed.id, 3],
      ] as const) {
        const events = eventsOfCheck(hook, check).map((event) => expectCloudEvent(event, check));
        expectEveryVersion(
          events.map((event) => event.data.version),
          1,
          last,
        );
      }
      const notification = hook.notifications()[0];
      expect(notification?.headers).toEqual(
        expect.objectContaining({
          'x-amz-sns-message-type': 'Notification',
          'x-amz-sns-message-id': expect.any(String),
          'x-amz-sns-topic-arn': expect.any(String),
        }),
      );
      expect(notification?.body).toEqual(
        expect.objectContaining({
          Type: 'Notification',
          MessageId: notification?.messageId,
          Message: expect.any(String),
        }),
      );

      const deleted = await alice.api.request('DELETE', `subscriptions/${subscription.id}`);
      expect(deleted.status).toBe(204);
      expectError(await alice.api.request('GET', `subscriptions/${subscription.id}`), 404, 'NOT_FOUND');
      const before = hook.notifications().length;
      const after = await alice.api.createCheck({ target: 'hook-after.example', steps: 1, stepMs: 0 });
      await witness.waitForEvent((event) => event.subject === after.id, 'the witness to get the later check');
      await delay(FAN_OUT_GRACE_MS);
      expect(hook.notifications().slice(before)).toEqual([]);
    });

    it('delivers only what the filter names: an event type, a check, and never another tenant', async () => {
      const doneOnly = await receiver();
      const oneCheck = await receiver();
      const bobsHook = await receiver();
      // A subscription can name only an existing check; this one ends after the subscriptions are confirmed.
      const followed = await alice.api.createCheck({ target: 'followed.example', steps: 3, stepMs: 1500 });
      await Promise.all([
        subscribe(alice.api, doneOnly, { events: ['check.done'] }),
        subscribe(alice.api, oneCheck, { events: ALL_TYPES, checkId: followed.id }),
        subscribe(bob.api, bobsHook, { events: ALL_TYPES }),
      ]);

      const [other, bobs] = await Promise.all([
        alice.api.createCheck({ target: 'other.example', steps: 2, stepMs: 50 }),
        bob.api.createCheck({ target: 'bobs.example', steps: 2, stepMs: 50 }),
      ]);
      await Promise.all([
        doneOnly.waitForEvent((event) => event.subject === followed.id, 'the followed check done'),
        doneOnly.waitForEvent((event) => event.subject === other.id, 'the other check done'),
        oneCheck.waitForEvent(
          (event) => event.subject === followed.id && event.type === 'check.done',
          'done',
        ),
        bobsHook.waitForEvent(
          (event) => event.subject === bobs.id && event.type === 'check.done',
          "bob's done",
        ),
      ]);
      await delay(FAN_OUT_GRACE_MS);

      expect(doneOnly.acceptedEvents().map((event) => [event.subject, event.type])).toEqual(
        expect.arrayContaining([
          [followed.id, 'check.done'],
          [other.id, 'check.done'],
        ]),
      );
      expect(doneOnly.acceptedEvents().filter((event) => event.type !== 'check.done')).toEqual([]);
      expect(oneCheck.acceptedEvents().filter((event) => event.subject !== followed.id)).toEqual([]);
      for (const aliceHook of [doneOnly, oneCheck]) {
        expect(aliceHook.acceptedEvents().filter((event) => event.subject === bobs.id)).toEqual([]);
      }
      expect(bobsHook.acceptedEvents().filter((event) => event.subject !== bobs.id)).toEqual([]);
    });

    it('retries a failing receiver, records what it never took, and replays it to that subscription only', async () => {
      const failing = await receiver();
      const neighbour = await receiver();
      const subscription = await subscribe(alice.api, failing, { events: ['check.done'] });
      await subscribe(alice.api, neighbour, { events: ['check.done'] });
      failing.failWith(500);

      const check = await alice.api.createCheck({ target: 'hook-retry.example', steps: 1, stepMs: 0 });
      const eventId = `${check.id}:2`;
      const failure = await eventually(
        async () => {
          const answer = await alice.api.request('GET', `subscriptions/${subscription.id}/failures`);
          expect(answer.status).toBe(200);
          const { items } = answer.json as { items: { event: { id: string }; snsMessageId: string }[] };
          return items.find((item) => item.event.id === eventId);
        },
        { what: 'the undelivered event in /failures', timeoutMs: 45_000, intervalMs: 500 },
      );

      const attempts = failing.notifications();
      expect(attempts.length).toBeGreaterThan(1);
      expect(attempts.every((attempt) => attempt.answeredWith === 500)).toBe(true);
      expect(new Set(attempts.map((attempt) => attempt.messageId))).toEqual(new Set([failure.snsMessageId]));
      expectCloudEvent(failure.event, check.id);

      failing.failWith(undefined);
      const replay = await alice.api.request('POST', `subscriptions/${subscription.id}/replay`);
      expect({ status: replay.status, body: replay.json }).toEqual({ status: 202, body: { replayed: 1 } });
      const replayed = await failing.waitForEvent((event) => event.id === eventId, 'the replayed event');
      expectCloudEvent(replayed, check.id);
      await delay(FAN_OUT_GRACE_MS);

      expect(neighbour.acceptedEvents().filter((event) => event.id === eventId)).toHaveLength(1);
      expect(failing.acceptedEvents().filter((event) => event.id === eventId)).toHaveLength(1);
      const left = await alice.api.request('GET', `subscriptions/${subscription.id}/failures`);
      expect(left.json).toEqual({ items: [], nextCursor: null });
    }, 90_000);

    it('answers 409 to a second subscription to the same URL', async () => {
      const hook = await receiver();
      await subscribe(alice.api, hook, { events: ['check.done'] });

      const again = await alice.api.request('POST', 'subscriptions', {
        body: { url: hook.url, events: ['check.failed'] },
      });

      expectError(again, 409, 'CONFLICT');
    });
  },
);
