import { validateSubscriptionDeliveryPolicy, validateTopicDeliveryPolicy } from './delivery-policy';
import { compileFilterPolicy, filterPolicyScopeOf } from './filter-policy';

/**
 * What SNS checks when subscription and topic attributes are set, which fauxqs does not:
 * a refused value answers `InvalidParameter` with the returned message, as AWS does.
 */

export class RedrivePolicyError extends Error {
  override readonly name = 'RedrivePolicyError';
}

/** The dead-letter queue ARN of a `RedrivePolicy`; undefined when there is none. */
export function deadLetterTargetOf(redrivePolicy: string | undefined): string | undefined {
  if (redrivePolicy === undefined || redrivePolicy.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(redrivePolicy);
  } catch {
    throw new RedrivePolicyError('RedrivePolicy is not JSON');
  }
  const target = (parsed as { deadLetterTargetArn?: unknown } | null)?.deadLetterTargetArn;
  if (typeof target !== 'string' || !/^arn:[^:]+:sqs:[^:]*:[^:]*:[^:]+$/.test(target)) {
    throw new RedrivePolicyError('RedrivePolicy needs a deadLetterTargetArn naming an SQS queue');
  }
  return target;
}

function check(name: string, attributes: Readonly<Record<string, string>>): void {
  const value = attributes[name] ?? '';
  switch (name) {
    case 'FilterPolicy':
    case 'FilterPolicyScope':
      compileFilterPolicy(attributes.FilterPolicy ?? '', filterPolicyScopeOf(attributes.FilterPolicyScope));
      return;
    case 'DeliveryPolicy':
      if (value.trim() !== '') validateSubscriptionDeliveryPolicy(value);
      return;
    case 'RawMessageDelivery':
      if (value !== 'true' && value !== 'false') throw new Error(`must be true or false, got ${value}`);
      return;
    case 'RedrivePolicy':
      deadLetterTargetOf(value);
      return;
  }
}

/**
 * Checks the attributes named in `changed`, read together with the others in `attributes`
 * (a filter policy is checked against the scope it will have).
 */
export function subscriptionAttributesProblem(
  attributes: Readonly<Record<string, string>>,
  changed: readonly string[],
): string | undefined {
  for (const name of changed) {
    try {
      check(name, attributes);
    } catch (error) {
      return `Invalid parameter: ${name}: ${(error as Error).message}`;
    }
  }
  return undefined;
}

export function topicAttributeProblem(name: string, value: string): string | undefined {
  try {
    if (name === 'DeliveryPolicy' && value.trim() !== '') validateTopicDeliveryPolicy(value);
    if (name === 'SignatureVersion' && value !== '1' && value !== '2') throw new Error('must be 1 or 2');
  } catch (error) {
    return `Invalid parameter: ${name}: ${(error as Error).message}`;
  }
  return undefined;
}
