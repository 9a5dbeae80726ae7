import { acceptsRateLimit, rateLimitArgs } from '../../../../bench/suites/fanout/rate-limit-flags';

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
