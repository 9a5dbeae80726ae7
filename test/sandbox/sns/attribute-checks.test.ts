import {
  deadLetterTargetOf,
  RedrivePolicyError,
  subscriptionAttributesProblem,
  topicAttributeProblem,
} from '../../../sandbox/sns/attribute-checks';
import { failureDescription, verdictOf } from '../../../sandbox/sns/delivery-outcome';

const DLQ = 'arn:aws:sqs:us-east-1:000000000000:WebhookDlq';

describe('subscription attribute checks', () => {
  it('lets good attributes through', () => {
    const attributes = {
      FilterPolicy: '{"tenant":["a"]}',
      FilterPolicyScope: 'MessageAttributes',
      DeliveryPolicy: '{"healthyRetryPolicy":{"numRetries":2}}',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ }),
      RawMessageDelivery: 'true',
    };
    expect(subscriptionAttributesProblem(attributes, Object.keys(attributes))).toBeUndefined();
  });

  it('names the attribute SNS would refuse', () => {
    expect(subscriptionAttributesProblem({ FilterPolicy: '{"a":"b"}' }, ['FilterPolicy'])).toMatch(
      /^Invalid parameter: FilterPolicy: /,
    );
    expect(
      subscriptionAttributesProblem({ DeliveryPolicy: '{"healthyRetryPolicy":{"numRetries":101}}' }, [
        'DeliveryPolicy',
      ]),
    ).toMatch(/^Invalid parameter: DeliveryPolicy: /);
    expect(subscriptionAttributesProblem({ RawMessageDelivery: 'yes' }, ['RawMessageDelivery'])).toMatch(
      /RawMessageDelivery: must be true or false/,
    );
    expect(subscriptionAttributesProblem({ RedrivePolicy: '{}' }, ['RedrivePolicy'])).toMatch(
      /RedrivePolicy/,
    );
  });

  it('checks a filter policy against the scope it will have', () => {
    const nested = { FilterPolicy: '{"a":{"b":["x"]}}' };
    expect(
      subscriptionAttributesProblem({ ...nested, FilterPolicyScope: 'MessageBody' }, ['FilterPolicy']),
    ).toBeUndefined();
    expect(
      subscriptionAttributesProblem({ ...nested, FilterPolicyScope: 'MessageAttributes' }, [
        'FilterPolicyScope',
      ]),
    ).toMatch(/FilterPolicyScope/);
  });

  it('checks only what changed', () => {
    expect(
      subscriptionAttributesProblem({ RawMessageDelivery: 'yes', FilterPolicy: '' }, ['FilterPolicy']),
    ).toBeUndefined();
  });
});

describe('deadLetterTargetOf', () => {
  it('reads the queue ARN, or none', () => {
    expect(deadLetterTargetOf(JSON.stringify({ deadLetterTargetArn: DLQ }))).toBe(DLQ);
    expect(deadLetterTargetOf(undefined)).toBeUndefined();
    expect(deadLetterTargetOf('')).toBeUndefined();
  });

  it('refuses what names no SQS queue', () => {
    expect(() => deadLetterTargetOf('{')).toThrow(RedrivePolicyError);
    expect(() => deadLetterTargetOf('{"deadLetterTargetArn":"arn:aws:sns:us-east-1:1:topic"}')).toThrow(
      RedrivePolicyError,
    );
  });
});

describe('topic attribute checks', () => {
  it('checks DeliveryPolicy and SignatureVersion, and nothing else', () => {
    expect(
      topicAttributeProblem('DeliveryPolicy', '{"http":{"defaultHealthyRetryPolicy":{"numRetries":3}}}'),
    ).toBeUndefined();
    expect(
      topicAttributeProblem('DeliveryPolicy', '{"http":{"defaultHealthyRetryPolicy":{"numRetries":300}}}'),
    ).toMatch(/DeliveryPolicy/);
    expect(topicAttributeProblem('SignatureVersion', '2')).toBeUndefined();
    expect(topicAttributeProblem('SignatureVersion', '3')).toMatch(/must be 1 or 2/);
    expect(topicAttributeProblem('DisplayName', 'anything')).toBeUndefined();
  });
});

describe('delivery outcomes', () => {
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [302, 'delivered'],
    [400, 'permanent'],
    [404, 'permanent'],
    [429, 'permanent'],
    [499, 'permanent'],
    [100, 'retry'],
    [101, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [599, 'retry'],
  ] as const)('HTTP %i is %s', (status, verdict) => {
    expect(verdictOf({ kind: 'status', status })).toBe(verdict);
  });

  it('retries a timeout and a connection error', () => {
    expect(verdictOf({ kind: 'timeout', timeoutMs: 15_000 })).toBe('retry');
    expect(verdictOf({ kind: 'error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).toBe('retry');
  });

  it('describes the failure for the dead-letter attributes', () => {
    expect(failureDescription({ kind: 'status', status: 503 }, 4)).toEqual({
      errorCode: '503',
      errorMessage: 'The endpoint answered HTTP 503 Service Unavailable; gave up after 4 attempts',
    });
    expect(failureDescription({ kind: 'status', status: 410 }, 1)).toEqual({
      errorCode: '410',
      errorMessage: 'The endpoint answered HTTP 410 Gone; not retried',
    });
    expect(failureDescription({ kind: 'timeout', timeoutMs: 15_000 }, 2)).toEqual({
      errorCode: 'RequestTimeout',
      errorMessage: 'The endpoint did not answer within 15000 ms; gave up after 2 attempts',
    });
    expect(
      failureDescription(
        { kind: 'error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' },
        3,
      ),
    ).toEqual({
      errorCode: 'ECONNREFUSED',
      errorMessage: 'connect ECONNREFUSED 127.0.0.1:9; gave up after 3 attempts',
    });
  });
});
