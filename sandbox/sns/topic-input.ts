import * as z from 'zod/mini';
import type { Resolver } from '../platform/resolver';
import { cfnBoolean, cfnJsonText, cfnScalar, generatedName, readProperties } from '../platform/properties';

/**
 * The `AWS::SNS::Topic` properties the SNS emulator acts on. Encryption (`KmsMasterKeyId`),
 * `DataProtectionPolicy`, `DeliveryStatusLogging` and tags are dropped.
 */
const topicProperties = z.object({
  TopicName: z.optional(z.string()),
  DisplayName: z.optional(z.string()),
  FifoTopic: z.optional(cfnBoolean),
  ContentBasedDeduplication: z.optional(cfnBoolean),
  FifoThroughputScope: z.optional(z.string()),
  SignatureVersion: z.optional(cfnScalar),
  TracingConfig: z.optional(z.string()),
  ArchivePolicy: z.optional(cfnJsonText),
});

export interface TopicPlan {
  readonly topicName: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** The CreateTopic request for a topic of the template. */
export function topicPlan(
  stackName: string,
  logicalId: string,
  templateProperties: Readonly<Record<string, unknown>>,
  resolver: Pick<Resolver, 'resolve'>,
): TopicPlan {
  const { TopicName, FifoTopic, ContentBasedDeduplication, ...plain } = readProperties(
    topicProperties,
    templateProperties,
    resolver,
    logicalId,
  );
  const fifo = FifoTopic === true;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(plain)) if (value !== undefined) attributes[key] = value;
  if (fifo) attributes.FifoTopic = 'true';
  if (ContentBasedDeduplication !== undefined)
    attributes.ContentBasedDeduplication = String(ContentBasedDeduplication);
  return {
    topicName: TopicName ?? `${generatedName(stackName, logicalId)}${fifo ? '.fifo' : ''}`,
    attributes,
  };
}

/**
 * The `AWS::SNS::Subscription` properties the emulator acts on (`Region`, `ReplayPolicy` and
 * `SubscriptionRoleArn`, which only Firehose uses, are dropped).
 */
const subscriptionProperties = z.object({
  TopicArn: z.string(),
  Protocol: z.string(),
  Endpoint: z.string(),
  RawMessageDelivery: z.optional(cfnBoolean),
  FilterPolicy: z.optional(cfnJsonText),
  FilterPolicyScope: z.optional(z.string()),
  RedrivePolicy: z.optional(cfnJsonText),
  DeliveryPolicy: z.optional(cfnJsonText),
});

export interface SubscriptionPlan {
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** The Subscribe request for a subscription of the template. */
export function subscriptionPlan(
  logicalId: string,
  templateProperties: Readonly<Record<string, unknown>>,
  resolver: Pick<Resolver, 'resolve'>,
): SubscriptionPlan {
  const { TopicArn, Protocol, Endpoint, RawMessageDelivery, ...plain } = readProperties(
    subscriptionProperties,
    templateProperties,
    resolver,
    logicalId,
  );
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(plain)) if (value !== undefined) attributes[key] = value;
  if (RawMessageDelivery !== undefined) attributes.RawMessageDelivery = String(RawMessageDelivery);
  return { topicArn: TopicArn, protocol: Protocol, endpoint: Endpoint, attributes };
}
