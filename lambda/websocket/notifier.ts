import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { toPublicCheck } from '../checks/check';
import { toCloudEvent } from '../shared/cloud-event';
import { createCheckChangeHandler } from '../shared/check-changes';
import { documentClient } from '../shared/dynamo';
import { requireEnv, requirePositiveIntegerEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { DynamoConnectionStore } from './dynamo-connection-store';
import { fanOut, type FanoutDeps } from './fan-out';
import { SignedConnectionPoster } from './signed-connection-poster';
import { SqsShardQueue } from './sqs-shard-queue';

/**
 * Pushes each change of a check to its WebSocket subscribers, in stream order, so a client
 * never sees version n+1 before version n: itself for a small audience, through the fan-out
 * queue's posters for a large one.
 */
export function createNotifierHandler(
  deps: FanoutDeps,
): (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse> {
  return createCheckChangeHandler({
    failureMessage: 'Change not pushed',
    onChange: async (check) => {
      const event = toCloudEvent(toPublicCheck(check));
      const outcome = await fanOut(deps, check.tenant, event);
      if (outcome.skipped > 0)
        logger.warn('Subscribers of another tenant skipped', { eventId: event.id, ...outcome });
      logger.info(outcome.mode === 'inline' ? 'Change pushed' : 'Change queued', {
        eventId: event.id,
        type: event.type,
        ...outcome,
      });
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
  queue: new SqsShardQueue(new SQSClient({}), requireEnv('FANOUT_QUEUE_URL')),
  settings: {
    inlineLimit: requirePositiveIntegerEnv('FANOUT_INLINE_LIMIT'),
    shards: requirePositiveIntegerEnv('FANOUT_SHARDS'),
    shardSize: requirePositiveIntegerEnv('FANOUT_SHARD_SIZE'),
  },
});
