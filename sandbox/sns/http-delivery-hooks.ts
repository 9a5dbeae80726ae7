import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { subscriptionAttributesProblem, topicAttributeProblem } from './attribute-checks';
import { sendConfirmation } from './confirmations';
import {
  batchMessageIds,
  elementText,
  snsErrorXml,
  withAttributeEntries,
  withElementText,
  withMembers,
} from './fauxqs-xml';
import { isHttpProtocol, type DeactivatedSubscription } from './http-subscriptions';
import type { LayerDeps } from './layer-deps';
import { fanOut, type PublishedNotification } from './publish-fanout';
import { mapEntries, messageStructureProblem, publishedMessages, type QueryParams } from './query-request';

/** Marks the sandbox's own Subscribe that restores a subscription: it sends no confirmation. */
const RESTORE_HEADER = 'x-sandbox-restore';

/** The attributes a restored subscription gets back: those Subscribe accepts. */
const SETTABLE_ATTRIBUTES = [
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
];

/** The form fields of an SNS Query call; fauxqs has parsed them into a mutable object. */
function queryParamsOf(request: FastifyRequest): Record<string, string> | undefined {
  if (request.method !== 'POST') return undefined;
  if (!(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded'))
    return undefined;
  const body: unknown = request.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, string>) : undefined;
}

function endpointMatches(protocol: string, endpoint: string | undefined): boolean {
  try {
    return endpoint !== undefined && new URL(endpoint).protocol === `${protocol}:`;
  } catch {
    return false;
  }
}

async function problemOf(deps: LayerDeps, params: QueryParams): Promise<string | undefined> {
  switch (params.Action) {
    case 'Subscribe': {
      if (isHttpProtocol(params.Protocol) && !endpointMatches(params.Protocol, params.Endpoint)) {
        return `Invalid parameter: Endpoint must be an ${params.Protocol} URL`;
      }
      const attributes = mapEntries(params, 'Attributes');
      return subscriptionAttributesProblem(attributes, Object.keys(attributes));
    }
    case 'SetSubscriptionAttributes': {
      const name = params.AttributeName;
      if (name === undefined || params.SubscriptionArn === undefined) return undefined;
      const current = await deps.api.attributes('GetSubscriptionAttributes', params.SubscriptionArn);
      if (current === undefined) return undefined;
      return subscriptionAttributesProblem({ ...current, [name]: params.AttributeValue ?? '' }, [name]);
    }
    case 'CreateTopic':
      for (const [name, value] of Object.entries(mapEntries(params, 'Attributes'))) {
        const problem = topicAttributeProblem(name, value);
        if (problem !== undefined) return problem;
      }
      return undefined;
    case 'SetTopicAttributes':
      return topicAttributeProblem(params.AttributeName ?? '', params.AttributeValue ?? '');
    case 'Publish': {
      const [message] = publishedMessages(params);
      return message === undefined ? undefined : messageStructureProblem(message);
    }
    default:
      return undefined;
  }
}

/** Subscribes the endpoint again, as it was; its ARN is new, fauxqs having forgotten the old one. */
async function restore(deps: LayerDeps, subscription: DeactivatedSubscription): Promise<string | undefined> {
  const params: Record<string, string> = {
    Action: 'Subscribe',
    TopicArn: subscription.topicArn,
    Protocol: subscription.protocol,
    Endpoint: subscription.endpoint,
    ReturnSubscriptionArn: 'true',
  };
  SETTABLE_ATTRIBUTES.filter((name) => subscription.attributes[name] !== undefined).forEach((name, index) => {
    params[`Attributes.entry.${index + 1}.key`] = name;
    params[`Attributes.entry.${index + 1}.value`] = subscription.attributes[name]!;
  });
  const answer = await deps.api.sns(params, { [RESTORE_HEADER]: 'true' });
  return answer.status === 200 ? elementText(answer.body, 'SubscriptionArn') : undefined;
}

/**
 * fauxqs takes the subscription ARN as the token; the sandbox hands out AWS-like tokens and
 * swaps them for the ARN here. An UnsubscribeConfirmation's token restores the subscription
 * first. Any other token is replaced by an empty one, which fauxqs refuses as AWS would.
 */
async function resolveToken(deps: LayerDeps, params: Record<string, string>): Promise<void> {
  const token = params.Token ?? '';
  const known = deps.subscriptions.byToken(token);
  if (known !== undefined) {
    params.Token = known.arn;
    return;
  }
  const deactivated = deps.subscriptions.takeDeactivated(token, params.TopicArn ?? '');
  params.Token = (deactivated === undefined ? undefined : await restore(deps, deactivated)) ?? '';
}

function refuse(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).header('content-type', 'text/xml').send(snsErrorXml('InvalidParameter', message));
}

/**
 * Adds SNS HTTP/S delivery to a fauxqs app before it listens: GET on SubscribeURL,
 * UnsubscribeURL and the signing certificate; the checks AWS makes on attributes; the
 * confirmation flow; AWS's answers for pending subscriptions; and delivery of every
 * Publish to the confirmed HTTP/S subscriptions. `depsOf` is asked per request, as what
 * the layer needs depends on the port, known only once the app listens. `idle()` settles once the background
 * work started so far (confirmations and fan-outs, in order) is handed to the runner.
 */
export function addHttpDelivery(app: FastifyInstance, depsOf: () => LayerDeps): { idle(): Promise<void> } {
  const removedAttributes = new WeakMap<FastifyRequest, Record<string, string>>();
  let work = Promise.resolve();
  const background = (task: () => Promise<void>) => {
    work = work.then(task).catch((error: unknown) => depsOf().log(`sns: ${String(error)}`));
  };

  const notify = (deps: LayerDeps, topicArn: string | undefined, messages: PublishedNotification[]) => {
    const subscriptions = topicArn === undefined ? [] : deps.subscriptions.confirmedOf(topicArn);
    if (topicArn !== undefined && subscriptions.length > 0 && messages.length > 0) {
      background(() => fanOut(deps, topicArn, messages, subscriptions));
    }
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET') return;
    const deps = depsOf();
    const url = new URL(request.originalUrl, deps.baseUrl);
    if (url.pathname === deps.signer.certPath) {
      return reply.header('content-type', 'application/x-x509-ca-cert').send(deps.signer.certificatePem);
    }
    const action = url.searchParams.get('Action');
    if (url.pathname !== '/' || (action !== 'ConfirmSubscription' && action !== 'Unsubscribe')) return;
    const answer = await deps.api.sns(Object.fromEntries(url.searchParams));
    return reply.code(answer.status).header('content-type', 'text/xml').send(answer.body);
  });

  app.addHook('preHandler', async (request, reply) => {
    const params = queryParamsOf(request);
    if (params === undefined) return;
    const deps = depsOf();
    const problem = await problemOf(deps, params);
    if (problem !== undefined) return refuse(reply, problem);
    if (params.Action === 'ConfirmSubscription') await resolveToken(deps, params);
    if (params.Action === 'Unsubscribe') {
      const subscription = deps.subscriptions.get(params.SubscriptionArn ?? '');
      if (subscription?.confirmed === true) {
        const attributes = await deps.api.attributes('GetSubscriptionAttributes', subscription.arn);
        if (attributes !== undefined) removedAttributes.set(request, attributes);
      }
    }
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const params = queryParamsOf(request);
    if (params === undefined || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const deps = depsOf();
    switch (params.Action) {
      case 'Subscribe': {
        const arn = elementText(payload, 'SubscriptionArn');
        const { TopicArn: topicArn, Protocol: protocol, Endpoint: endpoint } = params;
        if (
          !isHttpProtocol(protocol) ||
          arn === undefined ||
          topicArn === undefined ||
          endpoint === undefined
        ) {
          return payload;
        }
        const subscription = deps.subscriptions.track(arn, topicArn, protocol, endpoint);
        if (subscription.confirmed) return payload;
        if (request.headers[RESTORE_HEADER] === undefined) {
          background(() =>
            sendConfirmation(deps, subscription, 'SubscriptionConfirmation', subscription.token),
          );
        }
        return params.ReturnSubscriptionArn === 'true'
          ? payload
          : withElementText(payload, 'SubscriptionArn', 'pending confirmation');
      }
      case 'ConfirmSubscription': {
        const arn = elementText(payload, 'SubscriptionArn');
        if (arn !== undefined) deps.subscriptions.confirm(arn, request.headers.authorization !== undefined);
        return payload;
      }
      case 'Unsubscribe': {
        const removed = deps.subscriptions.remove(params.SubscriptionArn ?? '');
        if (removed?.confirmed === true) {
          const attributes = removedAttributes.get(request) ?? {};
          const token = deps.subscriptions.deactivate({
            topicArn: removed.topicArn,
            protocol: removed.protocol,
            endpoint: removed.endpoint,
            attributes,
          });
          background(() => sendConfirmation(deps, removed, 'UnsubscribeConfirmation', token, attributes));
        }
        return payload;
      }
      case 'DeleteTopic':
        deps.subscriptions.removeTopic(params.TopicArn ?? '');
        return payload;
      case 'ListSubscriptions':
      case 'ListSubscriptionsByTopic':
        return withMembers(payload, (member) =>
          deps.subscriptions.isPending(elementText(member, 'SubscriptionArn') ?? '')
            ? withElementText(member, 'SubscriptionArn', 'PendingConfirmation')
            : member,
        );
      case 'GetSubscriptionAttributes': {
        const subscription = deps.subscriptions.get(params.SubscriptionArn ?? '');
        return subscription === undefined
          ? payload
          : withAttributeEntries(payload, {
              ConfirmationWasAuthenticated: String(subscription.confirmationWasAuthenticated),
            });
      }
      case 'Publish':
      case 'PublishBatch': {
        const timestamp = new Date().toISOString();
        const ids =
          params.Action === 'Publish'
            ? new Map([['', elementText(payload, 'MessageId') ?? '']])
            : batchMessageIds(payload);
        const messages = publishedMessages(params).flatMap((message) => {
          const messageId = ids.get(message.entryId ?? '');
          return messageId === undefined || messageId === '' ? [] : [{ ...message, messageId, timestamp }];
        });
        notify(deps, params.TopicArn, messages);
        return payload;
      }
      default:
        return payload;
    }
  });

  return { idle: () => work };
}
