import { SNSClient } from '@aws-sdk/client-sns';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { NotFoundError } from '../shared/errors';
import { subscriptionIdSchema } from './subscription';
import { failuresQuerySchema, listFailures } from './list-failures';
import { replayFailures, type ReplayDeps } from './replay-failures';
import { parseWith } from '../shared/validate';
import { documentClient } from '../shared/dynamo';
import { requireEnv } from '../shared/env';
import { httpHandler, tenantOf } from '../shared/http';
import { logger } from '../shared/logger';
import { DynamoFailureStore } from './dynamo-failure-store';
import { DynamoSubscriptionStore } from './dynamo-subscription-store';
import { SnsWebhookPublisher } from './sns-webhook-topic';

function subscriptionIdOf(event: APIGatewayProxyEvent): string {
  return parseWith(subscriptionIdSchema, event.pathParameters?.id, 'subscription id');
}

/**
 * `GET /subscriptions/{id}/failures` lists what SNS could not deliver, newest first, a page
 * at a time; `POST /subscriptions/{id}/replay` sends it all again to that subscription alone.
 */
export function createSubscriptionFailuresHandler(deps: ReplayDeps) {
  return httpHandler(async (event) => {
    const tenant = tenantOf(event);
    const route = `${event.httpMethod} ${event.resource}`;
    switch (route) {
      case 'GET /subscriptions/{id}/failures': {
        const id = subscriptionIdOf(event);
        const query = parseWith(failuresQuerySchema, event.queryStringParameters ?? {}, 'query');
        return { statusCode: 200, body: await listFailures(deps, tenant, id, query) };
      }
      case 'POST /subscriptions/{id}/replay': {
        const id = subscriptionIdOf(event);
        const replayed = await replayFailures(deps, tenant, id);
        logger.info('Failures replayed', { subscriptionId: id, replayed });
        return { statusCode: 202, body: { replayed } };
      }
      default:
        throw new NotFoundError(`No route ${route}`);
    }
  });
}

export const handler = createSubscriptionFailuresHandler({
  subscriptions: new DynamoSubscriptionStore(documentClient, {
    tableName: requireEnv('SUBSCRIPTIONS_TABLE_NAME'),
  }),
  failures: new DynamoFailureStore(documentClient, requireEnv('FAILURES_TABLE_NAME')),
  publisher: new SnsWebhookPublisher(new SNSClient({}), requireEnv('WEBHOOK_TOPIC_ARN')),
});
