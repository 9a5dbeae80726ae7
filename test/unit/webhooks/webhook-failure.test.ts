import { ValidationError } from '../../../lambda/shared/errors';
import { parseFailedDelivery } from '../../../lambda/webhooks/failed-delivery';
import { decodeCursor, encodeCursor, failuresQuerySchema } from '../../../lambda/webhooks/list-failures';
import { newFailure } from '../../../lambda/webhooks/record-failure';
import { FAILURE_RETENTION_SECONDS, toPublicFailure } from '../../../lambda/webhooks/webhook-failure';
import { parseWith } from '../../../lambda/shared/validate';
import { cloudEvent, notificationEnvelope, SUBSCRIPTION_ARN, SUBSCRIPTION_ID } from './support';
import { TENANT } from '../support/checks';

describe('parseFailedDelivery', () => {
  it('reads the message id, the CloudEvent and the subscription ARN from the UnsubscribeURL', () => {
    const event = cloudEvent({ version: 4, status: 'done', progress: 100 });
    expect(parseFailedDelivery(JSON.stringify(notificationEnvelope(event)))).toEqual({
      snsMessageId: 'sns-message-1',
      subscriptionArn: SUBSCRIPTION_ARN,
      event,
    });
  });

  it.each([
    ['a body that is not JSON', 'not json {', 'The dead-lettered message is not JSON'],
    ['JSON that is no notification', JSON.stringify({ hello: 'world' }), 'is not an SNS notification'],
    [
      'a subscription confirmation',
      JSON.stringify({ ...notificationEnvelope(), Type: 'SubscriptionConfirmation' }),
      'is not an SNS notification',
    ],
    [
      'an UnsubscribeURL without SubscriptionArn',
      JSON.stringify({
        ...notificationEnvelope(),
        UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
      }),
      'names no subscription',
    ],
    [
      'an UnsubscribeURL that is no URL',
      JSON.stringify({ ...notificationEnvelope(), UnsubscribeURL: 'nowhere' }),
      'names no subscription',
    ],
    [
      'a message that is not JSON',
      JSON.stringify({ ...notificationEnvelope(), Message: 'hello' }),
      'is not JSON',
    ],
    [
      'a message that is no check CloudEvent',
      JSON.stringify({
        ...notificationEnvelope(),
        Message: JSON.stringify({ ...cloudEvent(), type: 'order.paid' }),
      }),
      'is not a check CloudEvent',
    ],
  ])('refuses %s', (_, body, message) => {
    expect(() => parseFailedDelivery(body)).toThrow(ValidationError);
    expect(() => parseFailedDelivery(body)).toThrow(message);
  });
});

describe('newFailure', () => {
  const delivery = { snsMessageId: 'sns-1', subscriptionArn: SUBSCRIPTION_ARN, event: cloudEvent() };
  const failedAt = new Date('2026-03-04T05:07:00.000Z');

  it('keys the failure by time then queue message, and keeps it 14 days', () => {
    const failure = newFailure({
      subscription: { tenant: TENANT, id: SUBSCRIPTION_ID },
      delivery,
      queueMessageId: 'sqs-1',
      failedAt,
      errorCode: 'HttpError',
      errorMessage: 'HTTP 410',
    });
    expect(failure).toEqual({
      subscriptionId: SUBSCRIPTION_ID,
      tenant: TENANT,
      failureId: '2026-03-04T05:07:00.000Z#sqs-1',
      snsMessageId: 'sns-1',
      event: delivery.event,
      errorCode: 'HttpError',
      errorMessage: 'HTTP 410',
      failedAt: '2026-03-04T05:07:00.000Z',
      expiresAt: failedAt.getTime() / 1000 + FAILURE_RETENTION_SECONDS,
    });
    expect(FAILURE_RETENTION_SECONDS).toBe(14 * 24 * 3600);
  });

  it('leaves the error out when SQS gave none, and shows it as null', () => {
    const failure = newFailure({
      subscription: { tenant: TENANT, id: SUBSCRIPTION_ID },
      delivery,
      queueMessageId: 'sqs-1',
      failedAt,
    });
    expect(failure).not.toHaveProperty('errorCode');
    expect(failure).not.toHaveProperty('errorMessage');
    expect(toPublicFailure(failure)).toEqual({
      failureId: '2026-03-04T05:07:00.000Z#sqs-1',
      snsMessageId: 'sns-1',
      event: delivery.event,
      errorCode: null,
      errorMessage: null,
      failedAt: '2026-03-04T05:07:00.000Z',
    });
  });
});

describe('cursors', () => {
  it('round-trip a failure id and hide it', () => {
    const failureId = '2026-03-04T05:07:00.000Z#sqs-1';
    const cursor = encodeCursor(failureId);
    expect(cursor).not.toContain('#');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toBe(failureId);
  });

  it.each(['!!!', 'bm90IGEgZmFpbHVyZQ', encodeCursor('2026-03-04#x')])('refuses the cursor %j', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow('Invalid cursor');
  });
});

describe('failuresQuerySchema', () => {
  it('takes a limit of 1 to 100 and a cursor', () => {
    expect(parseWith(failuresQuerySchema, { limit: '1', cursor: 'abc' }, 'query')).toEqual({
      limit: 1,
      cursor: 'abc',
    });
    expect(parseWith(failuresQuerySchema, { limit: '100' }, 'query')).toEqual({ limit: 100 });
    expect(parseWith(failuresQuerySchema, {}, 'query')).toEqual({});
  });

  it.each(['0', '101', '-1', '2.5', 'ten'])('refuses the limit %j', (limit) => {
    expect(() => parseWith(failuresQuerySchema, { limit }, 'query')).toThrow(/^Invalid query: limit: /);
  });
});
