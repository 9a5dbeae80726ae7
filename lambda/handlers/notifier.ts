import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { toPublicCheck, type StoredCheck } from '../domain/check';
import { toCloudEvent } from '../domain/cloud-event';
import { changedCheck, notifySubscribers, type NotifyDeps } from '../domain/notify';
import { documentClient } from '../shared/dynamo';
import { requireEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { ApiGatewayConnectionPoster } from '../stores/api-gateway-connection-poster';
import { DynamoConnectionStore } from '../stores/dynamo-connection-store';

type StreamImage = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

/** The checks table holds only StoredChecks, written by our own stores. */
function checkOf(image: StreamImage | undefined): StoredCheck | undefined {
  // aws-lambda and the SDK each declare AttributeValue; the wire shape is the same.
  return image === undefined
    ? undefined
    : (unmarshall(image as Record<string, AttributeValue>) as StoredCheck);
}

/** A record that was not tried because an earlier one of the batch failed. */
class SkippedRecordError extends Error {
  constructor(sequenceNumber: string | undefined) {
    super(`Record ${sequenceNumber} skipped: an earlier record of the batch failed`);
    this.name = 'SkippedRecordError';
  }
}

/**
 * Pushes each change of a check to its WebSocket subscribers. Records go one at a time, in
 * stream order; after a failure the rest of the batch is reported failed untried, so the
 * retry starts at the failed record and a client never sees version n+1 before version n.
 */
export function createNotifierHandler(
  deps: NotifyDeps,
): (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse> {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);

  const notify = async (record: DynamoDBRecord): Promise<void> => {
    const check = changedCheck(checkOf(record.dynamodb?.NewImage), checkOf(record.dynamodb?.OldImage));
    if (check === undefined) return;
    const event = toCloudEvent(toPublicCheck(check));
    const outcome = await notifySubscribers(deps, check.tenant, event);
    if (outcome.skipped > 0)
      logger.warn('Subscribers of another tenant skipped', { eventId: event.id, ...outcome });
    logger.info('Change pushed', { eventId: event.id, type: event.type, ...outcome });
  };

  return (event, context) => {
    let failed = false;
    const recordHandler = async (record: DynamoDBRecord): Promise<void> => {
      if (failed) throw new SkippedRecordError(record.dynamodb?.SequenceNumber);
      try {
        await notify(record);
      } catch (error) {
        failed = true;
        logger.error('Change not pushed', {
          sequenceNumber: record.dynamodb?.SequenceNumber,
          error: error as Error,
        });
        throw error;
      }
    };
    return processPartialResponse(event, recordHandler, processor, {
      context,
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
  };
}

function positiveInteger(name: string): number {
  const text = requireEnv(name);
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`Environment variable ${name} must be a positive integer, not "${text}"`);
  }
  return value;
}

export const handler = createNotifierHandler({
  connections: new DynamoConnectionStore(documentClient, requireEnv('CONNECTIONS_TABLE_NAME')),
  // The callback URL is explicit because it names the API and stage, which no SDK setting does.
  poster: new ApiGatewayConnectionPoster(
    new ApiGatewayManagementApiClient({ endpoint: requireEnv('WEBSOCKET_CALLBACK_URL') }),
  ),
  concurrency: positiveInteger('NOTIFY_CONCURRENCY'),
});
