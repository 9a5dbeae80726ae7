import { abandonUpdate, newCheck, type StoredCheck } from './check';
import { jobOf, type CreateCheckInput } from './check-input';
import { UnavailableError } from '../shared/errors';
import type { JobQueue } from './job-message';
import type { CheckStore } from './check-store';

export interface SubmitCheckRequest {
  readonly id: string;
  readonly tenant: string;
  readonly input: CreateCheckInput;
  readonly now: Date;
}

export const JOB_NOT_QUEUED_REASON = 'The job could not be queued; create the check again';

/**
 * Stores a new check, then queues its job. The check is written first so the worker always
 * finds it; if the job cannot be queued the check is marked failed at once, so that no
 * check stays `processing` with nothing to run it. The UnavailableError keeps the queue's
 * error as its `cause` for the logs.
 */
export async function submitCheck(
  store: CheckStore,
  queue: JobQueue,
  { id, tenant, input, now }: SubmitCheckRequest,
): Promise<StoredCheck> {
  const check = newCheck({ id, tenant, target: input.target, job: jobOf(input), now });
  await store.create(check);
  try {
    await queue.enqueue({ tenant, checkId: id });
  } catch (error) {
    // False means a worker already moved the check: the send failed only on our side, and the job runs.
    await store.update(id, check.version, abandonUpdate(check, JOB_NOT_QUEUED_REASON, now));
    const unavailable = new UnavailableError('The check could not be started; try again later');
    unavailable.cause = error;
    throw unavailable;
  }
  return check;
}
