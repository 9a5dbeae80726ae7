import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { toPublicCheck } from './check';
import { createCheckSchema } from './check-input';
import { UnavailableError } from '../shared/errors';
import { etagOf } from './etag';
import type { CheckStore } from './check-store';
import type { JobQueue } from './job-message';
import { submitCheck } from './submit-check';
import { parseJson, parseWith } from '../shared/validate';
import { documentClient } from '../shared/dynamo';
import { requireEnv } from '../shared/env';
import { httpHandler, tenantOf } from '../shared/http';
import { logger } from '../shared/logger';
import { DynamoCheckStore } from './dynamo-check-store';
import { SqsJobQueue } from './sqs-job-queue';

export interface CreateCheckDeps {
  readonly store: CheckStore;
  readonly queue: JobQueue;
  readonly newId?: () => string;
  readonly now?: () => Date;
}

/** `POST /checks`: stores the check, queues its job and answers 202 with the check and its URL. */
export function createCheckHandler({
  store,
  queue,
  newId = randomUUID,
  now = () => new Date(),
}: CreateCheckDeps) {
  return httpHandler(async (event) => {
    const tenant = tenantOf(event);
    const input = parseWith(createCheckSchema, parseJson(event.body), 'check');
    const id = newId();
    const check = await submitCheck(store, queue, { id, tenant, input, now: now() }).catch(
      (error: unknown) => {
        if (error instanceof UnavailableError) {
          logger.error('The job could not be queued; the check was marked failed', {
            checkId: id,
            error: error.cause,
          });
        }
        throw error;
      },
    );
    // requestContext.path carries the stage (`/prod/checks`), which `event.path` lacks.
    const location = `${event.requestContext.path.replace(/\/+$/, '')}/${check.id}`;
    return {
      statusCode: 202,
      body: toPublicCheck(check),
      headers: { Location: location, ETag: etagOf(check.version) },
    };
  });
}

export const handler = createCheckHandler({
  store: new DynamoCheckStore(documentClient, requireEnv('CHECKS_TABLE_NAME')),
  queue: new SqsJobQueue(new SQSClient({}), requireEnv('JOBS_QUEUE_URL')),
});
