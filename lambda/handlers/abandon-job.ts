import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { abandonJob, parseJobMessage, type JobDeps, type JobMessage } from '../domain/run-job';
import { requireEnv } from '../shared/env';
import { documentClient } from '../shared/dynamo';
import { logger } from '../shared/logger';
import { DynamoCheckStore } from '../stores/dynamo-check-store';

function jobMessageOf(record: SQSRecord): JobMessage {
  try {
    return parseJobMessage(record.body);
  } catch (error) {
    logger.error('Not a job message', { messageId: record.messageId, reason: (error as Error).message });
    throw error;
  }
}

/**
 * Consumes the jobs dead-letter queue: a job that kept failing gives up its check as
 * `failed`, so no check stays `processing` forever. A body that names no check stays in
 * the queue (a failed record) for someone to look at.
 */
export function createAbandonJobHandler(
  deps: Pick<JobDeps, 'store' | 'now'>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);

  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const message = jobMessageOf(record);
    const outcome = await abandonJob(deps, message);
    logger.warn('Dead job', { messageId: record.messageId, ...message, outcome });
  };

  return (event, context) =>
    processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
}

export const handler = createAbandonJobHandler({
  store: new DynamoCheckStore(documentClient, requireEnv('CHECKS_TABLE_NAME')),
  now: () => new Date(),
});
