import { UnavailableError } from '../../../lambda/shared/errors';
import type { JobMessage, JobQueue } from '../../../lambda/checks/job-message';
import { JOB_NOT_QUEUED_REASON, submitCheck } from '../../../lambda/checks/submit-check';
import { CHECK_ID, CREATED_AT, storedCheck, TENANT } from '../support/checks';
import { InMemoryCheckStore } from '../support/in-memory-check-store';

class RecordingQueue implements JobQueue {
  readonly jobs: JobMessage[] = [];
  constructor(private readonly beforeSend: () => void = () => undefined) {}

  async enqueue(job: JobMessage): Promise<void> {
    this.beforeSend();
    this.jobs.push(job);
  }
}

const request = {
  id: CHECK_ID,
  tenant: TENANT,
  input: { target: 'example.com', steps: 4, stepMs: 250, failAtStep: 3 },
  now: CREATED_AT,
};

describe('submitCheck', () => {
  let store: InMemoryCheckStore;

  beforeEach(() => {
    store = new InMemoryCheckStore();
  });

  it('stores a processing check at version 1 with its job, and queues the job', async () => {
    const queue = new RecordingQueue();

    const check = await submitCheck(store, queue, request);

    expect(check).toEqual({
      id: CHECK_ID,
      tenant: TENANT,
      target: 'example.com',
      job: { steps: 4, stepMs: 250, failAtStep: 3 },
      status: 'processing',
      progress: 0,
      version: 1,
      createdAt: CREATED_AT.toISOString(),
      updatedAt: CREATED_AT.toISOString(),
      expiresAt: Math.floor(CREATED_AT.getTime() / 1000) + 7 * 24 * 60 * 60,
    });
    expect(store.checks.get(CHECK_ID)).toEqual(check);
    expect(queue.jobs).toEqual([{ tenant: TENANT, checkId: CHECK_ID }]);
  });

  it('stores the check before it queues the job, so the worker always finds it', async () => {
    const queue = new RecordingQueue(() => {
      if (!store.checks.has(CHECK_ID)) throw new Error('queued before the check was stored');
    });

    await expect(submitCheck(store, queue, request)).resolves.toMatchObject({ id: CHECK_ID });
  });

  it('leaves out failAtStep when the input has none', async () => {
    const check = await submitCheck(store, new RecordingQueue(), {
      ...request,
      input: { target: 'example.com', steps: 5, stepMs: 1000 },
    });

    expect(check.job).toEqual({ steps: 5, stepMs: 1000 });
  });

  it('marks the check failed and throws UnavailableError when the job cannot be queued', async () => {
    const sendError = new Error('queue down');
    const queue = new RecordingQueue(() => {
      throw sendError;
    });

    const error: unknown = await submitCheck(store, queue, request).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).cause).toBe(sendError);
    expect(store.checks.get(CHECK_ID)).toMatchObject({
      status: 'failed',
      version: 2,
      progress: 0,
      result: { message: JOB_NOT_QUEUED_REASON },
    });
  });

  it('still reports the failure when a worker moved the check in the meantime, and leaves its state', async () => {
    const queue = new RecordingQueue(() => {
      // The message did reach the queue and a worker ran a step before the send reported an error.
      const stored = store.checks.get(CHECK_ID);
      if (stored !== undefined) store.checks.set(CHECK_ID, { ...stored, version: 2, progress: 25 });
      throw new Error('timeout');
    });

    await expect(submitCheck(store, queue, request)).rejects.toBeInstanceOf(UnavailableError);
    expect(store.checks.get(CHECK_ID)).toMatchObject({ status: 'processing', version: 2, progress: 25 });
  });

  it('queues nothing when the check cannot be stored', async () => {
    const queue = new RecordingQueue();
    await store.create(storedCheck());

    await expect(submitCheck(store, queue, request)).rejects.toThrow(`Check ${CHECK_ID} exists`);
    expect(queue.jobs).toEqual([]);
  });
});
