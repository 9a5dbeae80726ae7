import {
  AWS_DEFAULT_RETRY_POLICY,
  effectiveDeliveryPolicy,
  type EffectiveDeliveryPolicy,
} from './delivery-policy';
import { signatureVersionOf, type SignatureVersion } from './envelope';

export interface DeliverySettings {
  readonly policy: EffectiveDeliveryPolicy;
  readonly signatureVersion: SignatureVersion;
}

/**
 * The delivery policy and signature version of a subscription, from its attributes and its
 * topic's. A policy the checks let through but that cannot be read falls back to AWS's
 * default, and says so.
 */
export function deliverySettings(
  subscription: Readonly<Record<string, string>>,
  topic: Readonly<Record<string, string>>,
  log: (line: string) => void,
): DeliverySettings {
  const signatureVersion = signatureVersionOf(topic.SignatureVersion);
  try {
    return {
      policy: effectiveDeliveryPolicy(subscription.DeliveryPolicy, topic.DeliveryPolicy),
      signatureVersion,
    };
  } catch (error) {
    log(
      `sns: ${subscription.SubscriptionArn ?? 'a subscription'}: ${(error as Error).message}; AWS's default policy is used`,
    );
    return { policy: { healthyRetryPolicy: AWS_DEFAULT_RETRY_POLICY }, signatureVersion };
  }
}
