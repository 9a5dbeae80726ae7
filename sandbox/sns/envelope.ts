import type { MessageAttribute } from './filter-policy';
import { stringToSign } from './string-to-sign';

export type SnsMessageType = 'SubscriptionConfirmation' | 'Notification' | 'UnsubscribeConfirmation';
export type SignatureVersion = '1' | '2';

/** Signs a string to sign with the key whose certificate is at `certUrl`. */
export interface EnvelopeSigner {
  readonly certUrl: string;
  sign(stringToSign: string, version: SignatureVersion): string;
}

export interface NotificationEnvelope {
  readonly Type: 'Notification';
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Subject?: string;
  readonly Message: string;
  readonly Timestamp: string;
  readonly SignatureVersion: SignatureVersion;
  readonly Signature: string;
  readonly SigningCertURL: string;
  readonly UnsubscribeURL: string;
  readonly MessageAttributes?: Readonly<Record<string, { readonly Type: string; readonly Value: string }>>;
}

export interface ConfirmationEnvelope {
  readonly Type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  readonly MessageId: string;
  readonly Token: string;
  readonly TopicArn: string;
  readonly Message: string;
  readonly SubscribeURL: string;
  readonly Timestamp: string;
  readonly SignatureVersion: SignatureVersion;
  readonly Signature: string;
  readonly SigningCertURL: string;
}

/** ARNs stay readable in the query, as in AWS's URLs; parsers read them back with URLSearchParams. */
const queryValue = (value: string) => encodeURIComponent(value).replaceAll('%3A', ':');

export function subscribeUrl(baseUrl: string, topicArn: string, token: string): string {
  return `${baseUrl}/?Action=ConfirmSubscription&TopicArn=${queryValue(topicArn)}&Token=${queryValue(token)}`;
}

export function unsubscribeUrl(baseUrl: string, subscriptionArn: string): string {
  return `${baseUrl}/?Action=Unsubscribe&SubscriptionArn=${queryValue(subscriptionArn)}`;
}

export interface NotificationInput {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly timestamp: string;
  readonly unsubscribeUrl: string;
  readonly messageAttributes: Readonly<Record<string, MessageAttribute>>;
}

function envelopeAttributes(attributes: Readonly<Record<string, MessageAttribute>>) {
  const entries = Object.entries(attributes).map(
    ([name, { DataType, StringValue, BinaryValue }]) =>
      [name, { Type: DataType, Value: StringValue ?? BinaryValue ?? '' }] as const,
  );
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** The JSON body of a Notification; Subject and MessageAttributes appear only when published. */
export function notificationEnvelope(
  input: NotificationInput,
  version: SignatureVersion,
  signer: EnvelopeSigner,
): NotificationEnvelope {
  const unsigned = {
    Type: 'Notification' as const,
    MessageId: input.messageId,
    TopicArn: input.topicArn,
    ...(input.subject === undefined ? {} : { Subject: input.subject }),
    Message: input.message,
    Timestamp: input.timestamp,
  };
  const attributes = envelopeAttributes(input.messageAttributes);
  return {
    ...unsigned,
    SignatureVersion: version,
    Signature: signer.sign(stringToSign(unsigned), version),
    SigningCertURL: signer.certUrl,
    UnsubscribeURL: input.unsubscribeUrl,
    ...(attributes === undefined ? {} : { MessageAttributes: attributes }),
  };
}

export interface ConfirmationInput {
  readonly type: ConfirmationEnvelope['Type'];
  readonly messageId: string;
  readonly topicArn: string;
  readonly subscriptionArn: string;
  readonly token: string;
  readonly subscribeUrl: string;
  readonly timestamp: string;
}

function confirmationText(input: ConfirmationInput): string {
  return input.type === 'SubscriptionConfirmation'
    ? `You have chosen to subscribe to the topic ${input.topicArn}.\n` +
        'To confirm the subscription, visit the SubscribeURL included in this message.'
    : `You have chosen to deactivate subscription ${input.subscriptionArn}.\n` +
        'To cancel this operation and restore the subscription, visit the SubscribeURL included in this message.';
}

/** The JSON body of a SubscriptionConfirmation or an UnsubscribeConfirmation. */
export function confirmationEnvelope(
  input: ConfirmationInput,
  version: SignatureVersion,
  signer: EnvelopeSigner,
): ConfirmationEnvelope {
  const unsigned = {
    Type: input.type,
    MessageId: input.messageId,
    Token: input.token,
    TopicArn: input.topicArn,
    Message: confirmationText(input),
    SubscribeURL: input.subscribeUrl,
    Timestamp: input.timestamp,
  };
  return {
    ...unsigned,
    SignatureVersion: version,
    Signature: signer.sign(stringToSign(unsigned), version),
    SigningCertURL: signer.certUrl,
  };
}

export interface HeaderInput {
  readonly type: SnsMessageType;
  readonly messageId: string;
  readonly topicArn: string;
  readonly subscriptionArn: string;
  /** `requestPolicy.headerContentType`; text/plain when unset. */
  readonly contentType?: string;
  readonly raw?: boolean;
}

/** AWS's SubscriptionConfirmation carries no subscription ARN header; the other two do. */
export function deliveryHeaders(input: HeaderInput): Record<string, string> {
  return {
    'x-amz-sns-message-type': input.type,
    'x-amz-sns-message-id': input.messageId,
    'x-amz-sns-topic-arn': input.topicArn,
    ...(input.type === 'SubscriptionConfirmation'
      ? {}
      : { 'x-amz-sns-subscription-arn': input.subscriptionArn }),
    ...(input.raw === true ? { 'x-amz-sns-rawdelivery': 'true' } : {}),
    'Content-Type': `${input.contentType ?? 'text/plain'}; charset=UTF-8`,
    'User-Agent': 'Amazon Simple Notification Service Agent',
  };
}

export function signatureVersionOf(topicAttribute: string | undefined): SignatureVersion {
  return topicAttribute === '2' ? '2' : '1';
}
