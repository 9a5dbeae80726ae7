import { waitForChange, type Versioned } from '../../../lambda/checks/wait-for-change';
import { FakeClock } from './support';

/** Answers each read with the next scripted state, then keeps answering the last one. */
function scriptedReads(states: Array<Versioned | undefined>) {
  let calls = 0;
  const read = async (): Promise<Versioned | undefined> => {
    const state = states[Math.min(calls, states.length - 1)];
    calls += 1;
    return state;
  };
  return { read, calls: () => calls };
}

const processing = (version: number): Versioned => ({ version, status: 'processing' });

describe('waitForChange', () => {
  let clock: FakeClock;

  beforeEach(() => {
    clock = new FakeClock();
  });

  const wait = (states: Array<Versioned | undefined>, afterVersion: number, waitMs: number) => {
    const reads = scriptedReads(states);
    const result = waitForChange({
      read: reads.read,
      sleep: clock.sleep,
      now: clock.now,
      afterVersion,
      deadline: clock.now() + waitMs,
    });
    return { result, reads };
  };

  it('answers after one read when the check is already newer', async () => {
    const { result, reads } = wait([processing(3)], 2, 10_000);

    await expect(result).resolves.toEqual({ check: processing(3), changed: true });
    expect(reads.calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('reads again with a doubling interval until the version moves', async () => {
    const { result, reads } = wait([processing(2), processing(2), processing(2), processing(3)], 2, 10_000);

    await expect(result).resolves.toEqual({ check: processing(3), changed: true });
    expect(reads.calls()).toBe(4);
    expect(clock.sleeps).toEqual([100, 200, 400]);
  });

  it('never waits longer than a second between reads', async () => {
    const { result } = wait([processing(1)], 1, 4000);

    await result;
    expect(clock.sleeps).toEqual([100, 200, 400, 800, 1000, 1000, 500]);
  });

  it('reports no change when the deadline passes, after a last read at the deadline', async () => {
    const start = clock.now();
    const { result, reads } = wait([processing(5)], 5, 1000);

    await expect(result).resolves.toEqual({ check: processing(5), changed: false });
    expect(clock.sleeps).toEqual([100, 200, 400, 300]);
    expect(clock.now()).toBe(start + 1000);
    expect(reads.calls()).toBe(5);
  });

  it('sees a change made during the last sleep', async () => {
    const { result } = wait(
      [processing(5), processing(5), processing(5), processing(5), processing(6)],
      5,
      1000,
    );

    await expect(result).resolves.toEqual({ check: processing(6), changed: true });
  });

  it('answers at once for a finished check that is not newer: it cannot change again', async () => {
    const done: Versioned = { version: 4, status: 'done' };
    const { result, reads } = wait([done], 4, 10_000);

    await expect(result).resolves.toEqual({ check: done, changed: false });
    expect(reads.calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('answers a finished check that is newer as a change', async () => {
    const failed: Versioned = { version: 3, status: 'failed' };

    await expect(wait([failed], 2, 10_000).result).resolves.toEqual({ check: failed, changed: true });
  });

  it('stops when the check disappears while waiting', async () => {
    const { result, reads } = wait([processing(1), undefined], 1, 10_000);

    await expect(result).resolves.toEqual({ check: undefined, changed: false });
    expect(reads.calls()).toBe(2);
  });

  it('reads once and does not sleep when no time is left', async () => {
    const { result, reads } = wait([processing(1)], 1, -50);

    await expect(result).resolves.toEqual({ check: processing(1), changed: false });
    expect(reads.calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('takes another backoff', async () => {
    const reads = scriptedReads([processing(1)]);

    await waitForChange({
      read: reads.read,
      sleep: clock.sleep,
      now: clock.now,
      afterVersion: 1,
      deadline: clock.now() + 100,
      backoff: { initialMs: 10, maxMs: 40 },
    });

    expect(clock.sleeps).toEqual([10, 20, 40, 30]);
  });
});
