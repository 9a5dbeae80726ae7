/** AWS's account-level API Gateway throttle in most Regions: the sandbox's defaults. */
export const AWS_DEFAULT_RATE_PER_SECOND = 10_000;
export const AWS_DEFAULT_BURST = 5_000;

/**
 * A limit this machine's path exceeds: half the deliveries/s it sustained with the limit off,
 * in hundreds, with AWS's ratio of burst to rate.
 */
export function limitBelow(unlimitedPerSecond: number): { ratePerSecond: number; burst: number } {
  const ratePerSecond = Math.max(100, Math.floor(unlimitedPerSecond / 2 / 100) * 100);
  return {
    ratePerSecond,
    burst: Math.round((ratePerSecond * AWS_DEFAULT_BURST) / AWS_DEFAULT_RATE_PER_SECOND),
  };
}

/** The sandbox options this suite passes, and whether its `--help` lists both. */
export function acceptsRateLimit(sandboxUsage: string): boolean {
  return (
    sandboxUsage.includes('--connections-rate-limit') && sandboxUsage.includes('--connections-burst-limit')
  );
}

/** The sandbox arguments for a limit; a rate of 0 turns it off (as the sandbox's `--help` says). */
export function rateLimitArgs(ratePerSecond: number, burst?: number): string[] {
  const args = ['--connections-rate-limit', String(ratePerSecond)];
  return burst === undefined ? args : [...args, '--connections-burst-limit', String(burst)];
}
