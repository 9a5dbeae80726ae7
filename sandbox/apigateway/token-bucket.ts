/** A steady rate and a burst, as API Gateway's throttles are given (requests per second, bucket size). */
export interface ThrottleLimits {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** AWS's default for an account in a Region, shared by its REST, HTTP and WebSocket APIs. */
export const AWS_ACCOUNT_THROTTLE: ThrottleLimits = { ratePerSecond: 10_000, burst: 5_000 };

/**
 * The token bucket API Gateway throttles with: full at the start, a token per request, refilled
 * continuously at the rate up to the burst. A request finding it empty is throttled.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    readonly limits: ThrottleLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limits.ratePerSecond > 0))
      throw new Error(`A throttle needs a rate above 0, got ${limits.ratePerSecond}`);
    if (!Number.isInteger(limits.burst) || limits.burst < 1) {
      throw new Error(`A throttle needs a whole burst of at least 1, got ${limits.burst}`);
    }
    this.tokens = limits.burst;
    this.refilledAt = now();
  }

  /** Takes a token if there is one: false means the request is throttled. */
  take(): boolean {
    const now = this.now();
    const elapsedMs = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.limits.burst, this.tokens + (elapsedMs * this.limits.ratePerSecond) / 1000);
    this.refilledAt = now;
    // The refills are sums of fractions: 20 ms at 50/s must make a whole token, not 0.999….
    if (this.tokens < 1 - 1e-9) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }
}
