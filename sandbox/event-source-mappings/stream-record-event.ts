import type { AttributeValue, _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';

/** An AttributeValue as it travels in JSON: binaries base64, numbers as strings. */
export type WireAttributeValue =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly B: string }
  | { readonly SS: readonly string[] }
  | { readonly NS: readonly string[] }
  | { readonly BS: readonly string[] }
  | { readonly M: WireItem }
  | { readonly L: readonly WireAttributeValue[] }
  | { readonly NULL: boolean }
  | { readonly BOOL: boolean };

export type WireItem = { readonly [name: string]: WireAttributeValue };

/** One record of the event Lambda sends a function for a DynamoDB stream. */
export interface DynamoDBStreamEventRecord {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly eventVersion: string;
  readonly eventSource: 'aws:dynamodb';
  readonly awsRegion: string;
  readonly dynamodb: {
    /** Epoch seconds, a number. */
    readonly ApproximateCreationDateTime: number;
    readonly Keys: WireItem;
    readonly NewImage?: WireItem;
    readonly OldImage?: WireItem;
    readonly SequenceNumber: string;
    readonly SizeBytes: number;
    readonly StreamViewType: string;
  };
  /** Only on deletions by Time to Live. */
  readonly userIdentity?: { readonly type: string; readonly principalId: string };
  readonly eventSourceARN: string;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The SDK turns binaries into Uint8Arrays; Lambda sends what DynamoDB Streams sent, base64 text. */
export function wireAttributeValue(value: AttributeValue): WireAttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: wireItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(wireAttributeValue) };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  throw new Error(`Unknown attribute value type: ${Object.keys(value).join(', ')}`);
}

export function wireItem(item: Record<string, AttributeValue>): WireItem {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, wireAttributeValue(value)]));
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`The stream record has no ${name}`);
  return value;
}

const EVENT_NAMES: ReadonlySet<string> = new Set(['INSERT', 'MODIFY', 'REMOVE']);

/** Who deletes an expired item on AWS, as the stream record names it. */
const TTL_SERVICE = { type: 'Service', principalId: 'dynamodb.amazonaws.com' } as const;

/**
 * DynamoDB Local writes a TTL deletion with the event name `UNKNOWN_TO_SDK_VERSION` and no
 * user identity; AWS writes `REMOVE` with the TTL service as the user identity.
 */
function isLocalTtlDeletion(record: SdkStreamRecord): boolean {
  const eventName = record.eventName as string | undefined;
  return (
    eventName !== undefined &&
    !EVENT_NAMES.has(eventName) &&
    record.dynamodb?.OldImage !== undefined &&
    record.dynamodb.NewImage === undefined
  );
}

/**
 * The record as Lambda puts it in the function's event (§4 of AWS-FACTS): the stream record's
 * fields with `ApproximateCreationDateTime` back to epoch seconds, binaries back to base64,
 * `userIdentity` in Lambda's camelCase, and the mapping's `eventSourceARN`.
 */
export function toStreamEventRecord(
  record: SdkStreamRecord,
  eventSourceArn: string,
  region: string,
): DynamoDBStreamEventRecord {
  const stream = required(record.dynamodb, 'dynamodb');
  const created = required(stream.ApproximateCreationDateTime, 'ApproximateCreationDateTime');
  const ttlDeletion = isLocalTtlDeletion(record);
  return {
    eventID: required(record.eventID, 'eventID'),
    eventName: ttlDeletion ? 'REMOVE' : required(record.eventName, 'eventName'),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: created.getTime() / 1000,
      Keys: wireItem(required(stream.Keys, 'Keys')),
      ...(stream.NewImage !== undefined && { NewImage: wireItem(stream.NewImage) }),
      ...(stream.OldImage !== undefined && { OldImage: wireItem(stream.OldImage) }),
      SequenceNumber: required(stream.SequenceNumber, 'SequenceNumber'),
      SizeBytes: required(stream.SizeBytes, 'SizeBytes'),
      StreamViewType: required(stream.StreamViewType, 'StreamViewType'),
    },
    ...(ttlDeletion && { userIdentity: TTL_SERVICE }),
    ...(record.userIdentity !== undefined && {
      userIdentity: {
        type: required(record.userIdentity.Type, 'userIdentity.Type'),
        principalId: required(record.userIdentity.PrincipalId, 'userIdentity.PrincipalId'),
      },
    }),
    eventSourceARN: eventSourceArn,
  };
}
