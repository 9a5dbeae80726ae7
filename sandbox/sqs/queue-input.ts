import * as z from 'zod/mini';
import type { Resolver } from '../platform/resolver';
import { cfnBoolean, cfnNumber, cfnScalar, generatedName, readProperties } from '../platform/properties';

/**
 * The `AWS::SQS::Queue` properties the SQS emulator acts on. Encryption (`SqsManagedSseEnabled`,
 * `KmsMasterKeyId`, `KmsDataKeyReusePeriodSeconds`), `RedriveAllowPolicy` and tags are dropped.
 */
const queueProperties = z.object({
  QueueName: z.optional(z.string()),
  FifoQueue: z.optional(cfnBoolean),
  ContentBasedDeduplication: z.optional(cfnBoolean),
  DeduplicationScope: z.optional(z.string()),
  FifoThroughputLimit: z.optional(z.string()),
  VisibilityTimeout: z.optional(cfnScalar),
  MessageRetentionPeriod: z.optional(cfnScalar),
  DelaySeconds: z.optional(cfnScalar),
  ReceiveMessageWaitTimeSeconds: z.optional(cfnScalar),
  MaximumMessageSize: z.optional(cfnScalar),
  RedrivePolicy: z.optional(
    z.union([z.string(), z.object({ deadLetterTargetArn: z.string(), maxReceiveCount: cfnNumber })]),
  ),
});

export interface QueuePlan {
  readonly queueName: string;
  /** CreateQueue's attributes: every value a string, as the API takes them. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** The CreateQueue request for a queue of the template; its dead-letter queue must be registered already. */
export function queuePlan(
  stackName: string,
  logicalId: string,
  templateProperties: Readonly<Record<string, unknown>>,
  resolver: Pick<Resolver, 'resolve'>,
): QueuePlan {
  const { QueueName, FifoQueue, ContentBasedDeduplication, RedrivePolicy, ...plain } = readProperties(
    queueProperties,
    templateProperties,
    resolver,
    logicalId,
  );
  const fifo = FifoQueue === true;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(plain)) if (value !== undefined) attributes[key] = value;
  if (fifo) attributes.FifoQueue = 'true';
  if (ContentBasedDeduplication !== undefined)
    attributes.ContentBasedDeduplication = String(ContentBasedDeduplication);
  if (RedrivePolicy !== undefined) {
    // SQS answers maxReceiveCount as a number whatever the template held; the emulator compares it as one.
    attributes.RedrivePolicy =
      typeof RedrivePolicy === 'string' ? RedrivePolicy : JSON.stringify(RedrivePolicy);
  }
  return {
    queueName: QueueName ?? `${generatedName(stackName, logicalId)}${fifo ? '.fifo' : ''}`,
    attributes,
  };
}
