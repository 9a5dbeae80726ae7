import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { abandonJob, type JobDeps } from './run-job';
import { requireEnv } from '../shared/env';
import { documentClient } from '../shared/dynamo';
import { createJobQueueHandler } from './job-queue-handler';
import { logger } from '../shared/logger';
import { DynamoCheckStore } from '../checks/dynamo-check-store';

/**
 * Consumes the jobs dead-letter queue: a job that kept failing gives up its check as
 * `failed`, so no check stays `processing` forever. A body that names no check stays in
 * the queue (a failed record) for someone to look at.
 */
export function createAbandonJobHandler(
  deps: Pick<JobDeps, 'store' | 'now'>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return createJobQueueHandler(async (message, messageId) => {
    const outcome = await abandonJob(deps, message);
    logger.warn('Dead job', { messageId, ...message, outcome });
  });
}

export const handler = createAbandonJobHandler({
  store: new DynamoCheckStore(documentClient, requireEnv('CHECKS_TABLE_NAME')),
  now: () => new Date(),
});
