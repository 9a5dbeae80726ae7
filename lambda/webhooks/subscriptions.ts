import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { SNSClient } from '@aws-sdk/client-sns';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { NotFoundError } from '../shared/errors';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  updateSubscription,
  type SubscriptionDeps,
} from './manage-subscriptions';
import { subscriptionIdSchema, subscriptionInputSchema } from './subscription';
import { checkWebhookUrl, type ResolveHost } from './url-policy';
import { webhookUrlPolicyOf } from './webhook-url-policy';
import { parseJson, parseWith } from '../shared/validate';
import { documentClient } from '../shared/dynamo';
import { requireEnv, requireJsonEnv } from '../shared/env';
import { httpHandler, tenantOf } from '../shared/http';
import { logger } from '../shared/logger';
import { DynamoCheckStore } from '../checks/dynamo-check-store';
import { DynamoFailureStore } from './dynamo-failure-store';
import { DynamoSubscriptionStore } from './dynamo-subscription-store';
import { SnsWebhookSubscriber } from './sns-webhook-topic';

export interface SubscriptionsHandlerDeps extends SubscriptionDeps {
  readonly newId?: () => string;
  readonly now?: () => Date;
}

function subscriptionIdOf(event: APIGatewayProxyEvent): string {
  return parseWith(subscriptionIdSchema, event.pathParameters?.id, 'subscription id');
}

function inputOf(event: APIGatewayProxyEvent) {
  return parseWith(subscriptionInputSchema, parseJson(event.body), 'subscription');
}

/**
 * REST Hooks: `POST|GET /subscriptions` and `GET|PUT|DELETE /subscriptions/{id}`, each
 * managing one SNS subscription of the webhook topic. Another tenant's id answers 404.
 */
export function createSubscriptionsHandler({
  newId = randomUUID,
  now = () => new Date(),
  ...deps
}: SubscriptionsHandlerDeps) {
  return httpHandler(async (event) => {
    const tenant = tenantOf(event);
    const route = `${event.httpMethod} ${event.resource}`;
    switch (route) {
      case 'POST /subscriptions': {
        const input = inputOf(event);
        const id = newId();
        const subscription = await createSubscription(deps, { tenant, id, input, now: now() });
        logger.info('Subscription created', { subscriptionId: id, events: input.events });
        // requestContext.path carries the stage (`/prod/subscriptions`), which `event.path` lacks.
        const location = `${event.requestContext.path.replace(/\/+$/, '')}/${id}`;
        return { statusCode: 201, body: subscription, headers: { Location: location } };
      }
      case 'GET /subscriptions':
        return { statusCode: 200, body: { items: await listSubscriptions(deps, tenant) } };
      case 'GET /subscriptions/{id}':
        return { statusCode: 200, body: await getSubscription(deps, tenant, subscriptionIdOf(event)) };
      case 'PUT /subscriptions/{id}': {
        const id = subscriptionIdOf(event);
        const subscription = await updateSubscription(deps, {
          tenant,
          id,
          input: inputOf(event),
          now: now(),
        });
        logger.info('Subscription updated', { subscriptionId: id });
        return { statusCode: 200, body: subscription };
      }
      case 'DELETE /subscriptions/{id}': {
        const id = subscriptionIdOf(event);
        await deleteSubscription(deps, tenant, id);
        logger.info('Subscription deleted', { subscriptionId: id });
        return { statusCode: 204 };
      }
      default:
        throw new NotFoundError(`No route ${route}`);
    }
  });
}

/** Every address, IPv4 and IPv6, in the resolver's order: the URL policy judges them all. */
const resolveHost: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address }) => address);

const urlPolicy = webhookUrlPolicyOf(requireEnv('WEBHOOK_URL_POLICY'));

export const handler = createSubscriptionsHandler({
  subscriptions: new DynamoSubscriptionStore(documentClient, {
    tableName: requireEnv('SUBSCRIPTIONS_TABLE_NAME'),
  }),
  failures: new DynamoFailureStore(documentClient, requireEnv('FAILURES_TABLE_NAME')),
  checks: new DynamoCheckStore(documentClient, requireEnv('CHECKS_TABLE_NAME')),
  subscriber: new SnsWebhookSubscriber(new SNSClient({}), {
    topicArn: requireEnv('WEBHOOK_TOPIC_ARN'),
    deadLetterQueueArn: requireEnv('WEBHOOK_DLQ_ARN'),
    deliveryPolicy: JSON.stringify(requireJsonEnv<unknown>('WEBHOOK_DELIVERY_POLICY')),
  }),
  checkUrl: (url) => checkWebhookUrl(url, urlPolicy, resolveHost),
});
