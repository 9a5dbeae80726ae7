import type { AdminConnection } from '../../../e2e/support/sandbox-admin';
import { checkCleanup } from '../../../load/scenarios/websocket-drops/cleanup';
import {
  CHANGES_AFTER_FAULT,
  DROPS_SIZES,
  faultOf,
  faultVersionOf,
} from '../../../load/scenarios/websocket-drops/sizes';
import type { Watcher } from '../../../load/scenarios/websocket-drops/watcher';
import { finalVersionOf } from '../../../load/versions';

function connection(connectionId: string, open: boolean, postsGone: number): AdminConnection {
  return { connectionId, userAgent: null, open, postsDelivered: 3, postsGone };
}

function watcher(fault: Watcher['fault'], connectionId: string, version: number): Watcher {
  return {
    name: `w-${connectionId}`,
    checkId: 'c',
    fault,
    faultVersion: 2,
    faulted: { connectionId, version },
  };
}

describe('the websocket-drops sizes', () => {
  it('keeps, drops and closes a third of the clients each', () => {
    const faults = Array.from({ length: 30 }, (_, index) => faultOf(index));
    for (const fault of ['kept', 'dropped', 'closed'] as const) {
      expect(faults.filter((each) => each === fault)).toHaveLength(10);
    }
  });

  it('faults every client mid-run, with changes left after the fault', () => {
    for (const size of Object.values(DROPS_SIZES)) {
      const versions = Array.from({ length: size.clients }, (_, index) => faultVersionOf(index, size.steps));
      expect(Math.min(...versions)).toBe(2);
      expect(Math.max(...versions)).toBe(finalVersionOf(size.steps) - CHANGES_AFTER_FAULT);
    }
  });

  it('refuses a check too short to fault mid-run', () => {
    expect(() => faultVersionOf(0, 1)).toThrow('too short');
  });
});

describe('checkCleanup', () => {
  it('accepts closed cut connections that drew at most the one 410 each', () => {
    const cleanup = checkCleanup(
      [watcher('dropped', 'a', 3), watcher('closed', 'b', 3), watcher('closed', 'c', 3)],
      [connection('a', false, 1), connection('b', false, 0), connection('c', false, 1)],
      10,
    );
    expect(cleanup).toEqual({ postsGoneToDropped: 1, postsGoneToClosed: 1, problems: [] });
  });

  it('flags a cut connection still open, or missing from the list', () => {
    const cleanup = checkCleanup(
      [watcher('closed', 'a', 3), watcher('dropped', 'b', 3)],
      [connection('a', true, 0)],
      10,
    );
    expect(cleanup.problems).toEqual([
      expect.stringContaining('connection a is still open'),
      expect.stringContaining('connection b is not in the admin list'),
    ]);
  });

  it('flags a stale record the notifier kept posting to', () => {
    const cleanup = checkCleanup([watcher('dropped', 'a', 3)], [connection('a', false, 4)], 10);
    expect(cleanup.problems).toEqual([expect.stringContaining('4 posts answered 410')]);
  });

  it('expects one 410 to a dropped connection whose check changed twice after the cut, none needed later', () => {
    expect(checkCleanup([watcher('dropped', 'a', 8)], [connection('a', false, 0)], 10).problems).toEqual([
      expect.stringContaining('expected exactly 1'),
    ]);
    expect(checkCleanup([watcher('dropped', 'a', 9)], [connection('a', false, 0)], 10).problems).toEqual([]);
  });

  it('ignores kept clients and clients never cut', () => {
    const never: Watcher = { name: 'n', checkId: 'c', fault: 'dropped', faultVersion: 2 };
    const kept: Watcher = { ...watcher('kept', 'k', 3) };
    expect(checkCleanup([never, kept], [], 10).problems).toEqual([]);
  });
});
