import {
  acceptsRateLimit,
  limitBelow,
  rateLimitArgs,
} from '../../../../bench/suites/fanout/rate-limit-flags';

describe('acceptsRateLimit', () => {
  it('needs both options in the sandbox usage', () => {
    const both = '  --connections-rate-limit 10000   requests/s\n  --connections-burst-limit 5000\n';
    expect(acceptsRateLimit(both)).toBe(true);
    expect(acceptsRateLimit('  --connections-rate-limit 10000\n')).toBe(false);
    expect(acceptsRateLimit('  --lambda-concurrency 10\n')).toBe(false);
  });
});

describe('rateLimitArgs', () => {
  it('passes the rate, and the burst when given', () => {
    expect(rateLimitArgs(0)).toEqual(['--connections-rate-limit', '0']);
    expect(rateLimitArgs(10_000, 5_000)).toEqual([
      '--connections-rate-limit',
      '10000',
      '--connections-burst-limit',
      '5000',
    ]);
  });
});

describe('limitBelow', () => {
  it("is half the unlimited rate, in hundreds, with AWS's burst-to-rate ratio", () => {
    expect(limitBelow(3_180)).toEqual({ ratePerSecond: 1_500, burst: 750 });
  });

  it('never goes below 100/s', () => {
    expect(limitBelow(90)).toEqual({ ratePerSecond: 100, burst: 50 });
  });
});
