import { stepUpdate } from '../../../lambda/checks/check';
import { InvalidJsonError, ValidationError } from '../../../lambda/shared/errors';
import { parseJobMessage, type JobMessage } from '../../../lambda/checks/job-message';
import { ABANDON_REASON, abandonJob, runJob, type JobDeps } from '../../../lambda/worker/run-job';
import { CHECK_ID, CREATED_AT, storedCheck, TENANT } from '../support/checks';
import { InMemoryCheckStore } from '../support/in-memory-check-store';

const MESSAGE: JobMessage = { tenant: TENANT, checkId: CHECK_ID };
const STEP_TIME = new Date(CREATED_AT.getTime() + 60_000);

function depsFor(store: InMemoryCheckStore): JobDeps & { slept: number[] } {
  const slept: number[] = [];
  return {
    store,
    slept,
    sleep: async (ms) => {
      slept.push(ms);
    },
    now: () => STEP_TIME,
  };
}

/** Another delivery of the same message applies step 1 just before the first update is judged. */
function anotherDeliveryStepsFirst(store: InMemoryCheckStore): void {
  let raced = false;
  store.beforeUpdate = (id) => {
    if (raced) return;
    raced = true;
    const current = store.checks.get(id)!;
    store.checks.set(id, { ...current, ...stepUpdate(current, 1, STEP_TIME) });
  };
}

describe('parseJobMessage', () => {
  it('reads the tenant and the check id', () => {
    expect(parseJobMessage(JSON.stringify(MESSAGE))).toEqual(MESSAGE);
  });

  it('refuses a body that is not JSON', () => {
    expect(() => parseJobMessage('{tenant')).toThrow(InvalidJsonError);
  });

  it.each([
    ['no check id', { tenant: TENANT }],
    ['a check id that is not a UUID', { tenant: TENANT, checkId: 'nope' }],
    ['a tenant that is not a slug', { tenant: 'Acme Corp', checkId: CHECK_ID }],
    ['not an object', [TENANT, CHECK_ID]],
  ])('refuses %s', (_, body) => {
    expect(() => parseJobMessage(JSON.stringify(body))).toThrow(ValidationError);
  });
});

describe('runJob', () => {
  it('runs every step, sleeping stepMs before each, and ends done', async () => {
    const store = new InMemoryCheckStore(storedCheck({ job: { steps: 3, stepMs: 250 } }));
    const deps = depsFor(store);

    const outcome = await runJob(deps, MESSAGE);

    expect(outcome).toEqual({ kind: 'finished', status: 'done', version: 4, stepsRun: 3, conflicts: 0 });
    expect(deps.slept).toEqual([250, 250, 250]);
    expect(store.updates.map((u) => [u.expectedVersion, u.update.progress, u.update.status])).toEqual([
      [1, 33, 'processing'],
      [2, 67, 'processing'],
      [3, 100, 'done'],
    ]);
    expect(store.checks.get(CHECK_ID)).toMatchObject({
      status: 'done',
      progress: 100,
      version: 4,
      updatedAt: STEP_TIME.toISOString(),
      result: { message: 'example.com: all 3 steps passed' },
    });
  });

  it('stops at failAtStep with the check failed', async () => {
    const store = new InMemoryCheckStore(storedCheck({ job: { steps: 5, failAtStep: 2 } }));

    const outcome = await runJob(depsFor(store), MESSAGE);

    expect(outcome).toMatchObject({ kind: 'finished', status: 'failed', version: 3, stepsRun: 2 });
    expect(store.checks.get(CHECK_ID)?.result).toEqual({
      message: 'example.com: failed at step 2 of 5',
      failedAtStep: 2,
    });
  });

  it('resumes a redelivered job from the stored version instead of starting again', async () => {
    const store = new InMemoryCheckStore(storedCheck({ job: { steps: 3 }, version: 3, progress: 67 }));
    const deps = depsFor(store);

    const outcome = await runJob(deps, MESSAGE);

    expect(outcome).toMatchObject({ status: 'done', version: 4, stepsRun: 1 });
    expect(deps.slept).toHaveLength(1);
    expect(store.updates.map((u) => u.expectedVersion)).toEqual([3]);
  });

  it('after losing a conditional update, carries on from the version the other delivery left', async () => {
    const store = new InMemoryCheckStore(storedCheck({ job: { steps: 3 } }));
    anotherDeliveryStepsFirst(store);

    const outcome = await runJob(depsFor(store), MESSAGE);

    expect(outcome).toEqual({ kind: 'finished', status: 'done', version: 4, stepsRun: 2, conflicts: 1 });
    expect(store.updates.map((u) => [u.expectedVersion, u.applied])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
  });

  it('does nothing to a check that already finished', async () => {
    const store = new InMemoryCheckStore(storedCheck({ status: 'done', version: 4, progress: 100 }));
    const deps = depsFor(store);

    const outcome = await runJob(deps, MESSAGE);

    expect(outcome).toEqual({ kind: 'finished', status: 'done', version: 4, stepsRun: 0, conflicts: 0 });
    expect(deps.slept).toEqual([]);
    expect(store.updates).toEqual([]);
  });

  it('reports a missing check without writing anything', async () => {
    const store = new InMemoryCheckStore();

    await expect(runJob(depsFor(store), MESSAGE)).resolves.toEqual({ kind: 'missing' });
    expect(store.updates).toEqual([]);
  });

  it("never runs another tenant's check", async () => {
    const store = new InMemoryCheckStore(storedCheck());

    await expect(runJob(depsFor(store), { ...MESSAGE, tenant: 'other' })).resolves.toEqual({
      kind: 'missing',
    });
    expect(store.updates).toEqual([]);
  });

  it('stops when the check disappears mid-run', async () => {
    const store = new InMemoryCheckStore(storedCheck());
    store.beforeUpdate = (id) => store.checks.delete(id);

    await expect(runJob(depsFor(store), MESSAGE)).resolves.toEqual({ kind: 'missing' });
  });

  it('throws rather than spin when an update fails but the version did not move', async () => {
    const store = new InMemoryCheckStore(storedCheck());
    store.update = async () => false;

    await expect(runJob(depsFor(store), MESSAGE)).rejects.toThrow('still at version 1');
  });
});

describe('abandonJob', () => {
  it('marks a processing check failed, keeping its progress', async () => {
    const store = new InMemoryCheckStore(storedCheck({ version: 2, progress: 33 }));

    await expect(abandonJob(depsFor(store), MESSAGE)).resolves.toBe('abandoned');
    expect(store.checks.get(CHECK_ID)).toMatchObject({
      status: 'failed',
      progress: 33,
      version: 3,
      updatedAt: STEP_TIME.toISOString(),
      result: { message: ABANDON_REASON },
    });
  });

  it('leaves a finished check alone', async () => {
    const store = new InMemoryCheckStore(storedCheck({ status: 'done', version: 4, progress: 100 }));

    await expect(abandonJob(depsFor(store), MESSAGE)).resolves.toBe('already-finished');
    expect(store.updates).toEqual([]);
  });

  it("reports a missing check, and another tenant's as missing", async () => {
    const store = new InMemoryCheckStore(storedCheck());

    await expect(abandonJob(depsFor(new InMemoryCheckStore()), MESSAGE)).resolves.toBe('missing');
    await expect(abandonJob(depsFor(store), { ...MESSAGE, tenant: 'other' })).resolves.toBe('missing');
    expect(store.updates).toEqual([]);
  });

  it('retries on the newer version when a late delivery stepped the check meanwhile', async () => {
    const store = new InMemoryCheckStore(storedCheck({ job: { steps: 3 } }));
    anotherDeliveryStepsFirst(store);

    await expect(abandonJob(depsFor(store), MESSAGE)).resolves.toBe('abandoned');
    expect(store.checks.get(CHECK_ID)).toMatchObject({ status: 'failed', version: 3, progress: 33 });
  });

  it('stands down when a late delivery finished the check meanwhile', async () => {
    const store = new InMemoryCheckStore(storedCheck({ job: { steps: 1 } }));
    store.beforeUpdate = (id) => {
      const current = store.checks.get(id)!;
      if (current.status === 'processing')
        store.checks.set(id, { ...current, ...stepUpdate(current, 1, STEP_TIME) });
    };

    await expect(abandonJob(depsFor(store), MESSAGE)).resolves.toBe('already-finished');
    expect(store.checks.get(CHECK_ID)).toMatchObject({ status: 'done', version: 2 });
  });
});
