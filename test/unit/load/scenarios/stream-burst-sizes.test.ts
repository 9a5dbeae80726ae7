import { BURST_SIZES, changesOf } from '../../../load/scenarios/stream-burst/sizes';

describe('the stream-burst sizes', () => {
  it('writes thousands of changes at full size, each check within the contract', () => {
    expect(changesOf(BURST_SIZES.full)).toBeGreaterThanOrEqual(5_000);
    for (const size of Object.values(BURST_SIZES)) expect(size.steps).toBeLessThanOrEqual(20);
  });

  it('counts each check’s creation and its steps', () => {
    expect(changesOf({ checks: 3, steps: 4, subscribersPerCheck: 1 })).toBe(15);
  });
});
