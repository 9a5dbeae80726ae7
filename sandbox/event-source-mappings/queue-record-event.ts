import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';

/** A message attribute as Lambda sends it: camelCase keys, binaries in base64. */
export interface SqsEventMessageAttribute {
  readonly stringValue?: string;
  readonly binaryValue?: string;
  readonly stringListValues: readonly string[];
  readonly binaryListValues: readonly string[];
  readonly dataType: string;
}

/** One record of the event Lambda sends a function for an SQS queue (§5 of AWS-FACTS). */
export interface SqsEventRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** Every value a string. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly messageAttributes: Readonly<Record<string, SqsEventMessageAttribute>>;
  readonly md5OfBody: string;
  readonly eventSource: 'aws:sqs';
  readonly eventSourceARN: string;
  readonly awsRegion: string;
}

/** The order of Lambda's sample events; other attributes (FIFO's, a trace header) follow. */
const ATTRIBUTE_ORDER = [
  'ApproximateReceiveCount',
  'SentTimestamp',
  'SenderId',
  'ApproximateFirstReceiveTimestamp',
];

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`The received message has no ${name}`);
  return value;
}

function eventMessageAttribute(value: MessageAttributeValue): SqsEventMessageAttribute {
  return {
    ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
    ...(value.BinaryValue !== undefined && { binaryValue: base64(value.BinaryValue) }),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map(base64),
    dataType: required(value.DataType, 'message attribute DataType'),
  };
}

function orderedAttributes(attributes: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const names = [
    ...ATTRIBUTE_ORDER.filter((name) => name in attributes),
    ...Object.keys(attributes).filter((name) => !ATTRIBUTE_ORDER.includes(name)),
  ];
  return Object.fromEntries(
    names.flatMap((name) => {
      const value = attributes[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

/** A received message (with `All` system and message attributes) as a record of Lambda's SQS event. */
export function toQueueEventRecord(message: Message, queueArn: string, region: string): SqsEventRecord {
  return {
    messageId: required(message.MessageId, 'MessageId'),
    receiptHandle: required(message.ReceiptHandle, 'ReceiptHandle'),
    body: required(message.Body, 'Body'),
    attributes: orderedAttributes(message.Attributes ?? {}),
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        eventMessageAttribute(value),
      ]),
    ),
    md5OfBody: required(message.MD5OfBody, 'MD5OfBody'),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * The view of a record that `FilterCriteria` patterns see: a body that is JSON is matched as
 * the parsed value, any other body as the plain string, so a JSON pattern on a plain body
 * (or a plain one on a JSON body) drops the message, as Lambda does.
 */
export function queueFilterView(record: SqsEventRecord): unknown {
  try {
    return { ...record, body: JSON.parse(record.body) as unknown };
  } catch {
    return record;
  }
}
