import * as z from 'zod/mini';
import { CHECK_EVENT_TYPES, type CheckCloudEvent } from '../shared/cloud-event';
import { ValidationError } from '../shared/errors';

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
