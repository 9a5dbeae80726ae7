import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { runJob, type JobDeps } from './run-job';
import { requireEnv } from '../shared/env';
import { documentClient } from '../shared/dynamo';
import { createJobQueueHandler } from './job-queue-handler';
import { logger } from '../shared/logger';
import { DynamoCheckStore } from '../checks/dynamo-check-store';

/**
 * Runs the jobs of the jobs queue, the records of a batch in parallel. A record whose body
 * is not a job, or whose job throws, is reported failed: it comes back, and after repeated
 * failures it moves to the dead-letter queue, where abandon-job marks its check failed.
 */
export function createWorkerHandler(
  deps: JobDeps,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return createJobQueueHandler(async (message, messageId) => {
    const outcome = await runJob(deps, message);
    if (outcome.kind === 'missing') {
      // The check expired or was never written: there is nothing left to run.
      logger.warn('Job for a missing check', { messageId, ...message });
      return;
    }
    logger.info('Job finished', { messageId, ...message, ...outcome });
  });
}

export const handler = createWorkerHandler({
  store: new DynamoCheckStore(documentClient, requireEnv('CHECKS_TABLE_NAME')),
  sleep: (ms) => sleep(ms),
  now: () => new Date(),
});
