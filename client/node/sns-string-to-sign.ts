/** The fields AWS signs, in the order its message validator rebuilds them. */
const NOTIFICATION_FIELDS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const CONFIRMATION_FIELDS = [
  'Message',
  'MessageId',
  'SubscribeURL',
  'Timestamp',
  'Token',
  'TopicArn',
  'Type',
] as const;

/**
 * `Key\nValue\n` for each signed field of the envelope ("Verifying the signatures of Amazon
 * SNS messages"); a Notification's Subject only when it has one. Confirmations (subscribe
 * and unsubscribe) sign SubscribeURL and Token too.
 */
export function stringToSign(envelope: Readonly<Record<string, unknown>>): string {
  const fields = envelope.Type === 'Notification' ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
  return fields
    .filter((field) => typeof envelope[field] === 'string')
    .map((field) => `${field}\n${envelope[field] as string}\n`)
    .join('');
}
