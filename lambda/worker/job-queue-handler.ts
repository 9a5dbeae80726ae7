import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseJobMessage, type JobMessage } from '../checks/job-message';
import { logger } from '../shared/logger';

function jobMessageOf(record: SQSRecord): JobMessage {
  try {
    return parseJobMessage(record.body);
  } catch (error) {
    logger.error('Not a job message', { messageId: record.messageId, reason: (error as Error).message });
    throw error;
  }
}

/**
 * A handler of a queue of job messages (the jobs queue or its dead-letter queue) that calls
 * `onJob` for each, the records of a batch in parallel. A body that is not a job, or a job
 * that throws, fails only its own record, which SQS then delivers again.
 */
export function createJobQueueHandler(
  onJob: (message: JobMessage, messageId: string) => Promise<void>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  const recordHandler = async (record: SQSRecord): Promise<void> =>
    onJob(jobMessageOf(record), record.messageId);
  return (event, context) =>
    processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
}
