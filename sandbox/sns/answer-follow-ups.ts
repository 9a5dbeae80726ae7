import type { FastifyRequest } from 'fastify';
import { sendConfirmation } from './confirmations';
import {
  batchMessageIds,
  elementText,
  withAttributeEntries,
  withElementText,
  withMembers,
} from './fauxqs-xml';
import { isHttpProtocol } from './http-subscriptions';
import type { LayerDeps } from './layer-deps';
import { fanOut, type PublishedNotification } from './publish-fanout';
import { publishedMessages } from './query-request';
import { RESTORE_HEADER } from './subscription-tokens';

/** What the layer's hooks share for one app. */
export interface DeliveryLayer {
  readonly depsOf: () => LayerDeps;
  /** Queues work after the answer is sent: confirmations and fan-outs, in order. */
  readonly background: (task: () => Promise<void>) => void;
  /** A confirmed subscription's attributes, read before Unsubscribe removes them, for its UnsubscribeConfirmation. */
  readonly removedAttributes: WeakMap<FastifyRequest, Record<string, string>>;
}

/** One successful call, as fauxqs answered it. */
export interface Answered {
  readonly request: FastifyRequest;
  readonly params: Record<string, string>;
  readonly payload: string;
}

/** Tracks an HTTP/S subscription and sends its confirmation; AWS answers "pending confirmation" until then. */
function afterSubscribe(
  layer: DeliveryLayer,
  deps: LayerDeps,
  { request, params, payload }: Answered,
): string {
  const arn = elementText(payload, 'SubscriptionArn');
  const { TopicArn: topicArn, Protocol: protocol, Endpoint: endpoint } = params;
  if (!isHttpProtocol(protocol) || arn === undefined || topicArn === undefined || endpoint === undefined) {
    return payload;
  }
  const subscription = deps.subscriptions.track(arn, topicArn, protocol, endpoint);
  if (subscription.confirmed) return payload;
  if (request.headers[RESTORE_HEADER] === undefined) {
    layer.background(() =>
      sendConfirmation(deps, subscription, 'SubscriptionConfirmation', subscription.token),
    );
  }
  return params.ReturnSubscriptionArn === 'true'
    ? payload
    : withElementText(payload, 'SubscriptionArn', 'pending confirmation');
}

/** A confirmed subscription, once removed, gets an UnsubscribeConfirmation whose token restores it. */
function afterUnsubscribe(layer: DeliveryLayer, deps: LayerDeps, { request, params }: Answered): void {
  const removed = deps.subscriptions.remove(params.SubscriptionArn ?? '');
  if (removed?.confirmed !== true) return;
  const attributes = layer.removedAttributes.get(request) ?? {};
  const token = deps.subscriptions.deactivate({
    topicArn: removed.topicArn,
    protocol: removed.protocol,
    endpoint: removed.endpoint,
    attributes,
  });
  layer.background(() => sendConfirmation(deps, removed, 'UnsubscribeConfirmation', token, attributes));
}

/** Hands each published message, with the id fauxqs gave it, to the topic's confirmed HTTP/S subscriptions. */
function afterPublish(layer: DeliveryLayer, deps: LayerDeps, { params, payload }: Answered): void {
  const timestamp = new Date().toISOString();
  const ids =
    params.Action === 'Publish'
      ? new Map([['', elementText(payload, 'MessageId') ?? '']])
      : batchMessageIds(payload);
  const messages: PublishedNotification[] = publishedMessages(params).flatMap((message) => {
    const messageId = ids.get(message.entryId ?? '');
    return messageId === undefined || messageId === '' ? [] : [{ ...message, messageId, timestamp }];
  });
  const topicArn = params.TopicArn;
  const subscriptions = topicArn === undefined ? [] : deps.subscriptions.confirmedOf(topicArn);
  if (topicArn !== undefined && subscriptions.length > 0 && messages.length > 0) {
    layer.background(() => fanOut(deps, topicArn, messages, subscriptions));
  }
}

/** A pending subscription is listed as AWS lists it, by `PendingConfirmation` instead of its ARN. */
function withPendingArns(deps: LayerDeps, payload: string): string {
  return withMembers(payload, (member) =>
    deps.subscriptions.isPending(elementText(member, 'SubscriptionArn') ?? '')
      ? withElementText(member, 'SubscriptionArn', 'PendingConfirmation')
      : member,
  );
}

function withConfirmationAuthenticated(deps: LayerDeps, { params, payload }: Answered): string {
  const subscription = deps.subscriptions.get(params.SubscriptionArn ?? '');
  return subscription === undefined
    ? payload
    : withAttributeEntries(payload, {
        ConfirmationWasAuthenticated: String(subscription.confirmationWasAuthenticated),
      });
}

/** What the layer does once fauxqs has answered a call, and the answer the client gets. */
export function followUp(layer: DeliveryLayer, answered: Answered): string {
  const deps = layer.depsOf();
  const { request, params, payload } = answered;
  switch (params.Action) {
    case 'Subscribe':
      return afterSubscribe(layer, deps, answered);
    case 'ConfirmSubscription': {
      const arn = elementText(payload, 'SubscriptionArn');
      if (arn !== undefined) deps.subscriptions.confirm(arn, request.headers.authorization !== undefined);
      return payload;
    }
    case 'Unsubscribe':
      afterUnsubscribe(layer, deps, answered);
      return payload;
    case 'DeleteTopic':
      deps.subscriptions.removeTopic(params.TopicArn ?? '');
      return payload;
    case 'ListSubscriptions':
    case 'ListSubscriptionsByTopic':
      return withPendingArns(deps, payload);
    case 'GetSubscriptionAttributes':
      return withConfirmationAuthenticated(deps, answered);
    case 'Publish':
    case 'PublishBatch':
      afterPublish(layer, deps, answered);
      return payload;
    default:
      return payload;
  }
}
