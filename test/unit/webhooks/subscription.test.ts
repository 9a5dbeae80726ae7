import {
  subscriptionIdSchema,
  subscriptionInputSchema,
  subscriptionStatusOf,
  toPublicSubscription,
} from '../../../lambda/webhooks/subscription';
import { parseWith } from '../../../lambda/shared/validate';
import { PUBLIC_URL, subscription, SUBSCRIPTION_ID } from './support';
import { CHECK_ID, CREATED_AT } from '../support/checks';

const parse = (input: unknown) => parseWith(subscriptionInputSchema, input, 'subscription');

describe('subscriptionInputSchema', () => {
  it('takes a URL, 1 to 4 distinct event types and an optional check', () => {
    expect(parse({ url: PUBLIC_URL, events: ['check.done'] })).toEqual({
      url: PUBLIC_URL,
      events: ['check.done'],
    });
    const all = ['check.created', 'check.progress', 'check.done', 'check.failed'];
    expect(parse({ url: PUBLIC_URL, events: all, checkId: CHECK_ID })).toEqual({
      url: PUBLIC_URL,
      events: all,
      checkId: CHECK_ID,
    });
  });

  it.each([
    ['no url', { events: ['check.done'] }, 'url: '],
    ['an empty url', { url: '', events: ['check.done'] }, 'url: '],
    ['a url that is not a string', { url: 42, events: ['check.done'] }, 'url: '],
    ['no events', { url: PUBLIC_URL }, 'events: '],
    ['an empty events list', { url: PUBLIC_URL, events: [] }, 'events: '],
    ['an unknown event type', { url: PUBLIC_URL, events: ['check.deleted'] }, 'events.0: '],
    [
      'a repeated event type',
      { url: PUBLIC_URL, events: ['check.done', 'check.done'] },
      'events: must not repeat',
    ],
    [
      'more than 4 event types',
      {
        url: PUBLIC_URL,
        events: ['check.created', 'check.progress', 'check.done', 'check.failed', 'check.done'],
      },
      'events: ',
    ],
    [
      'a check id that is no UUID',
      { url: PUBLIC_URL, events: ['check.done'], checkId: '42' },
      'checkId: must be a check id',
    ],
    ['an unknown field', { url: PUBLIC_URL, events: ['check.done'], secret: 'x' }, 'Unrecognized key'],
    ['an array', [PUBLIC_URL], 'Invalid subscription'],
  ])('refuses %s', (_, input, message) => {
    expect(() => parse(input)).toThrow(message);
  });
});

describe('subscriptionIdSchema', () => {
  it('takes a UUID only', () => {
    expect(subscriptionIdSchema.safeParse(SUBSCRIPTION_ID).success).toBe(true);
    expect(subscriptionIdSchema.safeParse('abc').success).toBe(false);
  });
});

describe('subscriptionStatusOf', () => {
  it('reads SNS PendingConfirmation, and a vanished subscription as unsubscribed', () => {
    expect(subscriptionStatusOf(true)).toBe('pending_confirmation');
    expect(subscriptionStatusOf(false)).toBe('confirmed');
    expect(subscriptionStatusOf(undefined)).toBe('unsubscribed');
  });
});

describe('toPublicSubscription', () => {
  it('shows the contract fields only, with a null checkId when there is none', () => {
    expect(toPublicSubscription(subscription(), 'confirmed')).toEqual({
      id: SUBSCRIPTION_ID,
      url: PUBLIC_URL,
      events: ['check.done', 'check.failed'],
      checkId: null,
      status: 'confirmed',
      createdAt: CREATED_AT.toISOString(),
    });
    expect(toPublicSubscription(subscription({ checkId: CHECK_ID }), 'pending_confirmation')).toMatchObject({
      checkId: CHECK_ID,
      status: 'pending_confirmation',
    });
  });
});
