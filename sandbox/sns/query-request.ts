import type { MessageAttribute } from './filter-policy';

/** A Query-protocol request body (form fields), as fauxqs parses it. */
export type QueryParams = Readonly<Record<string, string>>;

/** The numbers N of the `<prefix>.N.…` fields present, in order. */
function indices(params: QueryParams, prefix: string): number[] {
  const found = new Set<number>();
  for (const key of Object.keys(params)) {
    if (!key.startsWith(prefix)) continue;
    const match = /^(\d+)\./.exec(key.slice(prefix.length));
    if (match !== null) found.add(Number(match[1]));
  }
  return [...found].sort((a, b) => a - b);
}

/** `<prefix>.entry.N.key` / `.value` pairs, as Subscribe and CreateTopic carry `Attributes`. */
export function mapEntries(params: QueryParams, prefix: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const index of indices(params, `${prefix}.entry.`)) {
    const key = params[`${prefix}.entry.${index}.key`];
    const value = params[`${prefix}.entry.${index}.value`];
    if (key !== undefined && value !== undefined) entries[key] = value;
  }
  return entries;
}

function messageAttributes(params: QueryParams, prefix: string): Record<string, MessageAttribute> {
  const attributes: Record<string, MessageAttribute> = {};
  for (const index of indices(params, `${prefix}MessageAttributes.entry.`)) {
    const field = (name: string) => params[`${prefix}MessageAttributes.entry.${index}.${name}`];
    const name = field('Name');
    const DataType = field('Value.DataType');
    if (name === undefined || DataType === undefined) continue;
    const StringValue = field('Value.StringValue');
    const BinaryValue = field('Value.BinaryValue');
    attributes[name] = {
      DataType,
      ...(StringValue === undefined ? {} : { StringValue }),
      ...(BinaryValue === undefined ? {} : { BinaryValue }),
    };
  }
  return attributes;
}

export interface PublishedMessage {
  /** The batch entry id; a single Publish has none. */
  readonly entryId?: string;
  readonly message: string;
  readonly subject?: string;
  readonly messageStructure?: string;
  readonly attributes: Readonly<Record<string, MessageAttribute>>;
}

function messageAt(params: QueryParams, prefix: string): PublishedMessage | undefined {
  const message = params[`${prefix}Message`];
  if (message === undefined) return undefined;
  const entryId = params[`${prefix}Id`];
  const subject = params[`${prefix}Subject`];
  const messageStructure = params[`${prefix}MessageStructure`];
  return {
    ...(prefix === '' || entryId === undefined ? {} : { entryId }),
    message,
    ...(subject === undefined ? {} : { subject }),
    ...(messageStructure === undefined ? {} : { messageStructure }),
    attributes: messageAttributes(params, prefix),
  };
}

/** The messages of a Publish (one) or a PublishBatch (each entry, with its id). */
export function publishedMessages(params: QueryParams): PublishedMessage[] {
  if (params.Action === 'Publish') {
    const single = messageAt(params, '');
    return single === undefined ? [] : [single];
  }
  return indices(params, 'PublishBatchRequestEntries.member.')
    .map((index) => messageAt(params, `PublishBatchRequestEntries.member.${index}.`))
    .filter((message): message is PublishedMessage => message !== undefined);
}

/**
 * Why SNS would refuse a `MessageStructure=json` message: it must be a JSON object of
 * strings with a `default` entry. Undefined when it is fine or not structured.
 */
export function messageStructureProblem(message: PublishedMessage): string | undefined {
  if (message.messageStructure === undefined) return undefined;
  if (message.messageStructure !== 'json') return 'Invalid parameter: MessageStructure must be json';
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.message);
  } catch {
    return 'Invalid parameter: Message Structure - JSON message body failed to parse';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'Invalid parameter: Message Structure - JSON message body failed to parse';
  }
  if (typeof (parsed as Record<string, unknown>).default !== 'string') {
    return 'Invalid parameter: Message Structure - No default entry in JSON message body';
  }
  return undefined;
}

/**
 * What an endpoint of `protocol` receives: with `MessageStructure=json`, its own entry or
 * `default`; a structure SNS would have refused is passed on as it is.
 */
export function messageForProtocol(message: PublishedMessage, protocol: string): string {
  if (messageStructureProblem(message) !== undefined || message.messageStructure !== 'json')
    return message.message;
  const entries = JSON.parse(message.message) as Record<string, unknown>;
  const own = entries[protocol];
  return typeof own === 'string' ? own : (entries.default as string);
}
