import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { toPublicCheck } from '../checks/check';
import { toCloudEvent } from '../shared/cloud-event';
import { notifySubscribers, type NotifyDeps } from './notify';
import { createCheckChangeHandler } from '../shared/check-changes';
import { documentClient } from '../shared/dynamo';
import { requireEnv, requirePositiveIntegerEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { DynamoConnectionStore } from './dynamo-connection-store';
import { SignedConnectionPoster } from './signed-connection-poster';

/**
 * Pushes each change of a check to its WebSocket subscribers, in stream order, so a client
 * never sees version n+1 before version n.
 */
export function createNotifierHandler(
  deps: NotifyDeps,
): (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse> {
  return createCheckChangeHandler({
    failureMessage: 'Change not pushed',
    onChange: async (check) => {
      const event = toCloudEvent(toPublicCheck(check));
      const outcome = await notifySubscribers(deps, check.tenant, event);
      if (outcome.skipped > 0)
        logger.warn('Subscribers of another tenant skipped', { eventId: event.id, ...outcome });
      logger.info('Change pushed', { eventId: event.id, type: event.type, ...outcome });
    },
  });
}

export const handler = createNotifierHandler({
  connections: new DynamoConnectionStore(documentClient, requireEnv('CONNECTIONS_TABLE_NAME')),
  // The callback URL is explicit because it names the API and stage, which no SDK setting does.
  poster: new SignedConnectionPoster({
    callbackUrl: requireEnv('WEBSOCKET_CALLBACK_URL'),
    region: requireEnv('AWS_REGION'),
  }),
  concurrency: requirePositiveIntegerEnv('NOTIFY_CONCURRENCY'),
});
