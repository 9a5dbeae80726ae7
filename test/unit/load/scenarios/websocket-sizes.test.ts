import { groupMembers, updatesPerSubscriber, WEBSOCKET_SIZES } from '../../../load/scenarios/websocket/sizes';
import { finalVersionOf, versionsBetween } from '../../../load/versions';

describe('the websocket scenario sizes', () => {
  it('gives each subscriber 100 updates at full size, as the issue asks', () => {
    expect(WEBSOCKET_SIZES.full.subscribers).toBe(2_000);
    expect(updatesPerSubscriber(WEBSOCKET_SIZES.full)).toBe(100);
  });

  it('keeps every check within the contract (1 to 20 steps)', () => {
    for (const size of Object.values(WEBSOCKET_SIZES)) expect(size.steps).toBeLessThanOrEqual(20);
  });

  it('puts every subscriber in exactly one group, the groups even', () => {
    const members = groupMembers({ subscribers: 10, groups: 3, checksPerGroup: 1, steps: 1, stepMs: 0 });
    expect(members).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ]);
  });
});

describe('versions', () => {
  it('runs from 1 to steps + 1', () => {
    expect(finalVersionOf(20)).toBe(21);
    expect(versionsBetween(1, finalVersionOf(3))).toEqual([1, 2, 3, 4]);
    expect(versionsBetween(3, 2)).toEqual([]);
  });
});
