import { setTimeout as sleep } from 'node:timers/promises';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseJobMessage, runJob, type JobDeps, type JobMessage } from '../domain/run-job';
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
 * Runs the jobs of the jobs queue, the records of a batch in parallel. A record whose body
 * is not a job, or whose job throws, is reported failed: it comes back, and after repeated
 * failures it moves to the dead-letter queue, where abandon-job marks its check failed.
 */
export function createWorkerHandler(
  deps: JobDeps,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);

  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const message = jobMessageOf(record);
    const outcome = await runJob(deps, message);
    if (outcome.kind === 'missing') {
      // The check expired or was never written: there is nothing left to run.
      logger.warn('Job for a missing check', { messageId: record.messageId, ...message });
      return;
    }
    logger.info('Job finished', { messageId: record.messageId, ...message, ...outcome });
  };

  return (event, context) =>
    processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
}

export const handler = createWorkerHandler({
  store: new DynamoCheckStore(documentClient, requireEnv('CHECKS_TABLE_NAME')),
  sleep: (ms) => sleep(ms),
  now: () => new Date(),
});
