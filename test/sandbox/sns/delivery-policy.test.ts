import { DEFAULT_DELIVERY_POLICY } from '../../../lib/webhooks';
import {
  AWS_DEFAULT_RETRY_POLICY,
  DeliveryPolicyError,
  effectiveDeliveryPolicy,
  validateSubscriptionDeliveryPolicy,
  validateTopicDeliveryPolicy,
} from '../../../sandbox/sns/delivery-policy';

// The policy the stack gives every webhook subscription.
const ours = JSON.stringify(DEFAULT_DELIVERY_POLICY);

const topic = (http: object) => JSON.stringify({ http });

describe('effectiveDeliveryPolicy', () => {
  it('is AWS’s default without any policy', () => {
    expect(effectiveDeliveryPolicy(undefined, undefined)).toEqual({
      healthyRetryPolicy: AWS_DEFAULT_RETRY_POLICY,
    });
    expect(AWS_DEFAULT_RETRY_POLICY).toMatchObject({ minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3 });
  });

  it('takes the subscription’s policy, as our subscriptions handler sets it', () => {
    expect(effectiveDeliveryPolicy(ours, undefined)).toEqual({
      healthyRetryPolicy: DEFAULT_DELIVERY_POLICY.healthyRetryPolicy,
      maxReceivesPerSecond: 10,
    });
  });

  it('fills what a partial policy leaves out with AWS’s defaults', () => {
    const policy = effectiveDeliveryPolicy(
      JSON.stringify({ healthyRetryPolicy: { numRetries: 5 } }),
      undefined,
    );
    expect(policy.healthyRetryPolicy).toEqual({ ...AWS_DEFAULT_RETRY_POLICY, numRetries: 5 });
  });

  it('falls back to the topic’s http defaults, part by part', () => {
    const topicPolicy = topic({
      defaultHealthyRetryPolicy: { numRetries: 7, minDelayTarget: 2, maxDelayTarget: 4 },
      defaultThrottlePolicy: { maxReceivesPerSecond: 3 },
      defaultRequestPolicy: { headerContentType: 'application/json' },
    });
    const subscriptionPolicy = JSON.stringify({ throttlePolicy: { maxReceivesPerSecond: 9 } });
    expect(effectiveDeliveryPolicy(subscriptionPolicy, topicPolicy)).toEqual({
      healthyRetryPolicy: {
        ...AWS_DEFAULT_RETRY_POLICY,
        numRetries: 7,
        minDelayTarget: 2,
        maxDelayTarget: 4,
      },
      maxReceivesPerSecond: 9,
      headerContentType: 'application/json',
    });
  });

  it('lets the topic win when it disables subscription overrides', () => {
    const topicPolicy = topic({
      defaultHealthyRetryPolicy: { numRetries: 1 },
      disableSubscriptionOverrides: true,
    });
    expect(effectiveDeliveryPolicy(ours, topicPolicy)).toEqual({
      healthyRetryPolicy: { ...AWS_DEFAULT_RETRY_POLICY, numRetries: 1 },
    });
  });

  it('treats an empty attribute as none', () => {
    expect(effectiveDeliveryPolicy('', ' ')).toEqual({ healthyRetryPolicy: AWS_DEFAULT_RETRY_POLICY });
  });
});

describe('what SNS refuses in a delivery policy', () => {
  it.each([
    ['not JSON', '{'],
    ['minDelayTarget 0', { healthyRetryPolicy: { minDelayTarget: 0 } }],
    ['maxDelayTarget over 3600', { healthyRetryPolicy: { maxDelayTarget: 3601 } }],
    [
      'minDelayTarget above maxDelayTarget',
      { healthyRetryPolicy: { minDelayTarget: 30, maxDelayTarget: 10 } },
    ],
    ['more than 100 retries', { healthyRetryPolicy: { numRetries: 101 } }],
    [
      'phases longer than numRetries',
      { healthyRetryPolicy: { numRetries: 2, numNoDelayRetries: 2, numMaxDelayRetries: 1 } },
    ],
    ['an unknown backoff function', { healthyRetryPolicy: { backoffFunction: 'cubic' } }],
    ['a fractional delay', { healthyRetryPolicy: { minDelayTarget: 1.5 } }],
    ['a throttle below 1', { throttlePolicy: { maxReceivesPerSecond: 0 } }],
    ['a content type that is no media type', { requestPolicy: { headerContentType: 'json' } }],
  ])('%s', (_name, policy) => {
    const text = typeof policy === 'string' ? policy : JSON.stringify(policy);
    expect(() => validateSubscriptionDeliveryPolicy(text)).toThrow(DeliveryPolicyError);
  });

  it('checks a topic policy’s defaults the same way', () => {
    expect(() =>
      validateTopicDeliveryPolicy(topic({ defaultHealthyRetryPolicy: { numRetries: -1 } })),
    ).toThrow(DeliveryPolicyError);
    expect(() =>
      validateTopicDeliveryPolicy(topic({ defaultHealthyRetryPolicy: { numRetries: 4 } })),
    ).not.toThrow();
  });

  it('names the field in its message', () => {
    expect(() =>
      validateSubscriptionDeliveryPolicy(JSON.stringify({ healthyRetryPolicy: { numRetries: 101 } })),
    ).toThrow(/healthyRetryPolicy\.numRetries/);
  });
});
