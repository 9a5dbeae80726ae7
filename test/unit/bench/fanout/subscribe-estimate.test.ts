import { expectedSubscribeMs } from '../../../../bench/suites/fanout/subscribe-estimate';

describe('expectedSubscribeMs', () => {
  it('is nothing before any size is measured', () => {
    expect(expectedSubscribeMs([], 5_000)).toBe(0);
  });

  it('scales the slowest per-client subscribe time seen to the new N', () => {
    const measured = [
      { subscribers: 1_000, subscribeMs: 69_000 },
      { subscribers: 2_000, subscribeMs: 60_000 },
    ];
    expect(expectedSubscribeMs(measured, 5_000)).toBe(345_000);
  });
});
