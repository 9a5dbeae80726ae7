import { SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { documentClient } from '../shared/dynamo';
import { requireEnv, requirePositiveIntegerEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { DynamoConnectionStore } from './dynamo-connection-store';
import type { PostDeps } from './notify';
import { parseShardPost, postShard } from './post-shard';
import { SignedConnectionPoster } from './signed-connection-poster';

/**
 * Posts the shards the notifier queued. A message that fails is reported with every later
 * message of its group in the batch, so each group stays in order while the other groups
 * of the batch go on; what keeps failing ends in the fan-out dead-letter queue.
 */
export function createFanoutPosterHandler(
  deps: PostDeps,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new SqsFifoPartialProcessorAsync();
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const group = record.attributes.MessageGroupId;
    try {
      const post = parseShardPost(record.body);
      const outcome = await postShard(deps, post);
      logger.info('Shard pushed', { eventId: post.eventId, group, ...outcome });
    } catch (error) {
      logger.error('Shard not pushed', {
        messageId: record.messageId,
        group,
        receiveCount: record.attributes.ApproximateReceiveCount,
        error: error as Error,
      });
      throw error;
    }
  };
  return (event, context) =>
    processPartialResponse(event, recordHandler, processor, { context, skipGroupOnError: true });
}

export const handler = createFanoutPosterHandler({
  connections: new DynamoConnectionStore(documentClient, requireEnv('CONNECTIONS_TABLE_NAME')),
  poster: new SignedConnectionPoster({
    callbackUrl: requireEnv('WEBSOCKET_CALLBACK_URL'),
    region: requireEnv('AWS_REGION'),
  }),
  concurrency: requirePositiveIntegerEnv('NOTIFY_CONCURRENCY'),
});
