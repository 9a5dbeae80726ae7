import pLimit from 'p-limit';
import * as z from 'zod/mini';
import { CHECK_EVENT_TYPES, type CheckCloudEvent } from '../shared/cloud-event';
import { UnavailableError, ValidationError } from '../shared/errors';
import { requireSubscription } from './subscription';
import type { FailureStore, SubscriptionKey, SubscriptionStore, WebhookPublisher } from './webhook-ports';
import { webhookAttributesOf } from './webhook-policy';

/** As long as SQS keeps a message at most: a failure outlives the queue it came through. */
export const FAILURE_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** A webhook message SNS could not deliver, recorded against its subscription. */
export interface WebhookFailure {
  readonly subscriptionId: string;
  readonly tenant: string;
  /** `<failedAt ISO>#<SQS message id>`: sorts by time, and a redelivered DLQ message keeps it. */
  readonly failureId: string;
  readonly snsMessageId: string;
  readonly event: CheckCloudEvent;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly failedAt: string;
  /** Epoch seconds after which the table's TTL removes the item. */
  readonly expiresAt: number;
}

export interface PublicFailure {
  readonly failureId: string;
  readonly snsMessageId: string;
  readonly event: CheckCloudEvent;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly failedAt: string;
}

export function toPublicFailure(failure: WebhookFailure): PublicFailure {
  const { failureId, snsMessageId, event, errorCode, errorMessage, failedAt } = failure;
  return {
    failureId,
    snsMessageId,
    event,
    errorCode: errorCode ?? null,
    errorMessage: errorMessage ?? null,
    failedAt,
  };
}

const checkSchema = z.object({
  id: z.string().check(z.minLength(1)),
  status: z.enum(['processing', 'done', 'failed']),
  progress: z.number(),
  version: z.int().check(z.minimum(1)),
  target: z.string(),
  result: z.optional(z.object({ message: z.string(), failedAtStep: z.optional(z.int()) })),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().check(z.minLength(1)),
  source: z.string(),
  type: z.enum(CHECK_EVENT_TYPES),
  subject: z.string().check(z.minLength(1)),
  time: z.string(),
  datacontenttype: z.literal('application/json'),
  data: checkSchema,
});

/** The SNS HTTP/S `Notification` envelope, which a subscription's dead-letter queue receives as is. */
const notificationSchema = z.object({
  Type: z.literal('Notification'),
  MessageId: z.string().check(z.minLength(1)),
  Message: z.string(),
  UnsubscribeURL: z.string(),
});

/** What a dead-lettered webhook message says: which message, for which SNS subscription. */
export interface FailedDelivery {
  readonly snsMessageId: string;
  readonly subscriptionArn: string;
  readonly event: CheckCloudEvent;
}

function jsonOf(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(`The ${what} is not JSON`);
  }
}

/**
 * Reads a dead-lettered SNS envelope. SNS names the subscription nowhere in the body but
 * in the `SubscriptionArn` query parameter of the `UnsubscribeURL`.
 */
export function parseFailedDelivery(body: string): FailedDelivery {
  const envelope = notificationSchema.safeParse(jsonOf(body, 'dead-lettered message'));
  if (!envelope.success) throw new ValidationError('The dead-lettered message is not an SNS notification');
  const { MessageId, Message, UnsubscribeURL } = envelope.data;
  let subscriptionArn: string | null = null;
  try {
    subscriptionArn = new URL(UnsubscribeURL).searchParams.get('SubscriptionArn');
  } catch {
    // Reported below with the missing parameter.
  }
  if (subscriptionArn === null || !subscriptionArn.startsWith('arn:')) {
    throw new ValidationError('The notification names no subscription in its UnsubscribeURL');
  }
  const event = cloudEventSchema.safeParse(jsonOf(Message, 'notification message'));
  if (!event.success) throw new ValidationError('The notification message is not a check CloudEvent');
  return { snsMessageId: MessageId, subscriptionArn, event: event.data };
}

export interface FailureInput {
  readonly subscription: SubscriptionKey;
  readonly delivery: FailedDelivery;
  readonly queueMessageId: string;
  readonly failedAt: Date;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

export function newFailure({
  subscription,
  delivery,
  queueMessageId,
  failedAt,
  errorCode,
  errorMessage,
}: FailureInput): WebhookFailure {
  const at = failedAt.toISOString();
  const failure: WebhookFailure = {
    subscriptionId: subscription.id,
    tenant: subscription.tenant,
    failureId: `${at}#${queueMessageId}`,
    snsMessageId: delivery.snsMessageId,
    event: delivery.event,
    failedAt: at,
    expiresAt: Math.floor(failedAt.getTime() / 1000) + FAILURE_RETENTION_SECONDS,
  };
  return {
    ...failure,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(errorMessage === undefined ? {} : { errorMessage }),
  };
}

/** The outcome of recording: `orphaned` when the subscription is gone (its owner deleted it). */
export type RecordOutcome = { readonly recorded: WebhookFailure } | { readonly orphaned: FailedDelivery };

export async function recordFailure(
  deps: {
    readonly subscriptions: Pick<SubscriptionStore, 'findByArn'>;
    readonly failures: Pick<FailureStore, 'record'>;
  },
  input: Omit<FailureInput, 'subscription'>,
): Promise<RecordOutcome> {
  const subscription = await deps.subscriptions.findByArn(input.delivery.subscriptionArn);
  if (subscription === undefined) return { orphaned: input.delivery };
  const failure = newFailure({ ...input, subscription });
  await deps.failures.record(failure);
  return { recorded: failure };
}

const FAILURE_ID = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#.+$/;

/** The cursor is opaque to clients: the last failure id of the page, base64url-encoded. */
export function encodeCursor(failureId: string): string {
  return Buffer.from(failureId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const failureId = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!FAILURE_ID.test(failureId)) throw new ValidationError('Invalid cursor: use the nextCursor of a page');
  return failureId;
}

export const DEFAULT_FAILURES_LIMIT = 50;

export const failuresQuerySchema = z.object({
  limit: z.optional(
    z.pipe(
      z.pipe(z.string().check(z.regex(/^\d+$/, { message: 'must be a whole number' })), z.transform(Number)),
      z.number().check(z.int(), z.minimum(1), z.maximum(100)),
    ),
  ),
  cursor: z.optional(z.string().check(z.minLength(1))),
});

export type FailuresQuery = z.output<typeof failuresQuerySchema>;

export interface FailureListDeps {
  readonly subscriptions: Pick<SubscriptionStore, 'get'>;
  readonly failures: Pick<FailureStore, 'list'>;
}

export interface FailureList {
  readonly items: PublicFailure[];
  readonly nextCursor: string | null;
}

export async function listFailures(
  deps: FailureListDeps,
  tenant: string,
  subscriptionId: string,
  query: FailuresQuery,
): Promise<FailureList> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  await requireSubscription(deps.subscriptions, tenant, subscriptionId);
  const page = await deps.failures.list(subscriptionId, query.limit ?? DEFAULT_FAILURES_LIMIT, after);
  return {
    items: page.items.map(toPublicFailure),
    nextCursor: page.lastFailureId === undefined ? null : encodeCursor(page.lastFailureId),
  };
}

export interface ReplayDeps {
  readonly subscriptions: Pick<SubscriptionStore, 'get'>;
  readonly failures: Pick<FailureStore, 'list' | 'delete'>;
  readonly publisher: WebhookPublisher;
}

/** Failures read and published per round; SNS takes a few publishes at once without throttling. */
const REPLAY_PAGE_SIZE = 100;
const PUBLISHES_AT_ONCE = 8;

/**
 * Publishes every recorded failure of the subscription again, marked `replayFor` it so that
 * only it receives them, and deletes each record once its message is published. A message
 * that could not be published keeps its record and makes the replay answer unavailable.
 */
export async function replayFailures(
  deps: ReplayDeps,
  tenant: string,
  subscriptionId: string,
): Promise<number> {
  await requireSubscription(deps.subscriptions, tenant, subscriptionId);
  const limit = pLimit(PUBLISHES_AT_ONCE);
  let replayed = 0;
  let notReplayed = 0;
  let after: string | undefined;
  do {
    const page = await deps.failures.list(subscriptionId, REPLAY_PAGE_SIZE, after);
    const outcomes = await Promise.allSettled(
      page.items.map((failure) =>
        limit(() =>
          deps.publisher.publish(failure.event, webhookAttributesOf(failure.event, tenant, subscriptionId)),
        ),
      ),
    );
    const published = page.items.filter((_, index) => outcomes[index]?.status === 'fulfilled');
    await deps.failures.delete(
      subscriptionId,
      published.map((failure) => failure.failureId),
    );
    replayed += published.length;
    notReplayed += page.items.length - published.length;
    after = page.lastFailureId;
  } while (after !== undefined);
  if (notReplayed > 0) {
    throw new UnavailableError(
      `${notReplayed} failed messages could not be published again (${replayed} were); replay again later`,
    );
  }
  return replayed;
}
