import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini loads no locale; without it every problem would read "Invalid input".
z.config(en());

export const BACKOFF_FUNCTIONS = ['linear', 'arithmetic', 'geometric', 'exponential'] as const;
export type BackoffFunction = (typeof BACKOFF_FUNCTIONS)[number];

/** How SNS retries an HTTP/S delivery; every field filled in. */
export interface HealthyRetryPolicy {
  readonly minDelayTarget: number;
  readonly maxDelayTarget: number;
  readonly numRetries: number;
  readonly numNoDelayRetries: number;
  readonly numMinDelayRetries: number;
  readonly numMaxDelayRetries: number;
  readonly backoffFunction: BackoffFunction;
}

/** What one delivery uses, after the subscription's and the topic's policies are merged. */
export interface EffectiveDeliveryPolicy {
  readonly healthyRetryPolicy: HealthyRetryPolicy;
  readonly maxReceivesPerSecond?: number;
  readonly headerContentType?: string;
}

/** AWS's HTTP/S default: three retries, 20 s apart. */
export const AWS_DEFAULT_RETRY_POLICY: HealthyRetryPolicy = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  numMaxDelayRetries: 0,
  backoffFunction: 'linear',
};

export const MAX_DELAY_TARGET_SECONDS = 3600;
export const MAX_RETRIES = 100;

export class DeliveryPolicyError extends Error {
  override readonly name = 'DeliveryPolicyError';
}

const count = (max: number) => z.optional(z.int().check(z.minimum(0), z.maximum(max)));

const retrySchema = z.object({
  minDelayTarget: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_DELAY_TARGET_SECONDS))),
  maxDelayTarget: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_DELAY_TARGET_SECONDS))),
  numRetries: count(MAX_RETRIES),
  numNoDelayRetries: count(MAX_RETRIES),
  numMinDelayRetries: count(MAX_RETRIES),
  numMaxDelayRetries: count(MAX_RETRIES),
  backoffFunction: z.optional(z.enum(BACKOFF_FUNCTIONS)),
});

const throttleSchema = z.object({ maxReceivesPerSecond: z.optional(z.int().check(z.minimum(1))) });

const requestSchema = z.object({
  headerContentType: z.optional(
    z
      .string()
      .check(z.regex(/^[\w.+-]+\/[\w.+-]+$/, { message: 'must be a media type such as application/json' })),
  ),
});

const subscriptionPolicySchema = z.object({
  healthyRetryPolicy: z.optional(retrySchema),
  throttlePolicy: z.optional(throttleSchema),
  requestPolicy: z.optional(requestSchema),
});

const topicPolicySchema = z.object({
  http: z.optional(
    z.object({
      defaultHealthyRetryPolicy: z.optional(retrySchema),
      disableSubscriptionOverrides: z.optional(z.boolean()),
      defaultThrottlePolicy: z.optional(throttleSchema),
      defaultRequestPolicy: z.optional(requestSchema),
    }),
  ),
});

type RetryInput = z.output<typeof retrySchema>;
type SubscriptionPolicy = z.output<typeof subscriptionPolicySchema>;
type TopicPolicy = z.output<typeof topicPolicySchema>;

function parse<S extends z.ZodMiniType>(schema: S, text: string, what: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DeliveryPolicyError(`The ${what} is not JSON`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    );
    throw new DeliveryPolicyError(`Invalid ${what}: ${problems.join('; ')}`);
  }
  return result.data;
}

/** A partial policy takes AWS's default for each field it leaves out. */
function completeRetryPolicy(input: RetryInput): HealthyRetryPolicy {
  const policy: HealthyRetryPolicy = {
    minDelayTarget: input.minDelayTarget ?? AWS_DEFAULT_RETRY_POLICY.minDelayTarget,
    maxDelayTarget: input.maxDelayTarget ?? AWS_DEFAULT_RETRY_POLICY.maxDelayTarget,
    numRetries: input.numRetries ?? AWS_DEFAULT_RETRY_POLICY.numRetries,
    numNoDelayRetries: input.numNoDelayRetries ?? 0,
    numMinDelayRetries: input.numMinDelayRetries ?? 0,
    numMaxDelayRetries: input.numMaxDelayRetries ?? 0,
    backoffFunction: input.backoffFunction ?? AWS_DEFAULT_RETRY_POLICY.backoffFunction,
  };
  if (policy.minDelayTarget > policy.maxDelayTarget) {
    throw new DeliveryPolicyError('minDelayTarget must not be greater than maxDelayTarget');
  }
  if (policy.numNoDelayRetries + policy.numMinDelayRetries + policy.numMaxDelayRetries > policy.numRetries) {
    throw new DeliveryPolicyError(
      'numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must not be greater than numRetries',
    );
  }
  return policy;
}

function parseSubscriptionPolicy(text: string): SubscriptionPolicy {
  const policy = parse(subscriptionPolicySchema, text, 'DeliveryPolicy');
  if (policy.healthyRetryPolicy !== undefined) completeRetryPolicy(policy.healthyRetryPolicy);
  return policy;
}

function parseTopicPolicy(text: string): TopicPolicy {
  const policy = parse(topicPolicySchema, text, 'topic DeliveryPolicy');
  const retry = policy.http?.defaultHealthyRetryPolicy;
  if (retry !== undefined) completeRetryPolicy(retry);
  return policy;
}

/** Throws `DeliveryPolicyError` for a subscription `DeliveryPolicy` that SNS would refuse. */
export function validateSubscriptionDeliveryPolicy(text: string): void {
  parseSubscriptionPolicy(text);
}

/** Throws `DeliveryPolicyError` for a topic `DeliveryPolicy` that SNS would refuse. */
export function validateTopicDeliveryPolicy(text: string): void {
  parseTopicPolicy(text);
}

const present = (text: string | undefined): text is string => text !== undefined && text.trim() !== '';

/**
 * Each part (retries, throttle, request) comes from the subscription's policy, else the
 * topic's `http` defaults, else AWS's; the topic's `disableSubscriptionOverrides` makes the
 * topic win.
 */
export function effectiveDeliveryPolicy(
  subscriptionPolicy: string | undefined,
  topicPolicy: string | undefined,
): EffectiveDeliveryPolicy {
  const topic = present(topicPolicy) ? parseTopicPolicy(topicPolicy).http : undefined;
  const subscription =
    present(subscriptionPolicy) && topic?.disableSubscriptionOverrides !== true
      ? parseSubscriptionPolicy(subscriptionPolicy)
      : undefined;
  const retry = subscription?.healthyRetryPolicy ?? topic?.defaultHealthyRetryPolicy;
  const maxReceivesPerSecond =
    subscription?.throttlePolicy?.maxReceivesPerSecond ?? topic?.defaultThrottlePolicy?.maxReceivesPerSecond;
  const headerContentType =
    subscription?.requestPolicy?.headerContentType ?? topic?.defaultRequestPolicy?.headerContentType;
  return {
    healthyRetryPolicy: retry === undefined ? AWS_DEFAULT_RETRY_POLICY : completeRetryPolicy(retry),
    ...(maxReceivesPerSecond === undefined ? {} : { maxReceivesPerSecond }),
    ...(headerContentType === undefined ? {} : { headerContentType }),
  };
}
