import { randomUUID } from 'node:crypto';
import type { ChannelHub } from './channel-hub';
import { publishChannel, type Channel } from './channels';
import { badRequest, type EventApiError } from './errors';
import type { EventApiLimits, EventApiModel, NamespaceModel } from './model';

/** A publish that may be authorized and delivered: its channel, namespace and events checked. */
export interface CheckedPublish {
  readonly channel: Channel;
  readonly namespace: NamespaceModel;
  readonly events: readonly string[];
}

/** AWS's answer to a publish: every event gets an identifier and its index in the request. */
export interface PublishResult {
  readonly successful: ReadonlyArray<{ readonly identifier: string; readonly index: number }>;
  readonly failed: ReadonlyArray<{
    readonly identifier: string;
    readonly index: number;
    readonly code: number;
    readonly message: string;
  }>;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The channel of a publish or subscribe, in a namespace of the API. */
export function namespaceOf(api: EventApiModel, channel: Channel): NamespaceModel | EventApiError {
  return (
    api.namespaces.get(channel.namespace) ??
    badRequest(`Namespace ${channel.namespace} not found for API ${api.apiId}`)
  );
}

/**
 * Checks a publish request's `channel` and `events` as AppSync Events does: a channel without
 * wildcards in a namespace of the API, one to five events, each a string of valid JSON of at
 * most 240 KB.
 */
export function checkPublish(
  api: EventApiModel,
  limits: EventApiLimits,
  channelPath: unknown,
  events: unknown,
): CheckedPublish | EventApiError {
  if (typeof channelPath !== 'string') return badRequest('channel must be a string');
  const check = publishChannel(channelPath);
  if (!check.ok) return badRequest(check.reason);
  const namespace = namespaceOf(api, check.channel);
  if ('errorType' in namespace) return namespace;
  if (!Array.isArray(events) || events.length === 0 || events.length > limits.eventsPerPublish) {
    return badRequest(`events must be a list of 1 to ${limits.eventsPerPublish} events`);
  }
  for (const [index, event] of events.entries()) {
    if (typeof event !== 'string' || !isJson(event)) {
      return badRequest(`Event at index ${index} must be a string of valid JSON`);
    }
    if (Buffer.byteLength(event) > limits.eventBytes) {
      return badRequest(
        `Event at index ${index} is over the maximum event size of ${limits.eventBytes} bytes`,
      );
    }
  }
  return { channel: check.channel, namespace, events: events as string[] };
}

/** Delivers a checked publish to every subscriber and answers as AWS does. */
export function deliver(
  hub: ChannelHub,
  publish: CheckedPublish,
): PublishResult & { readonly deliveries: number } {
  const deliveries = hub.publish(publish.channel, publish.events);
  return {
    successful: publish.events.map((_event, index) => ({ identifier: randomUUID(), index })),
    failed: [],
    deliveries,
  };
}
