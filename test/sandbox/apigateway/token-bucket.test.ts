import { TokenBucket } from '../../../sandbox/apigateway/token-bucket';

/** A clock the test moves by hand, in milliseconds. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

function takeMany(bucket: TokenBucket, count: number): number {
  let taken = 0;
  for (let index = 0; index < count; index += 1) if (bucket.take()) taken += 1;
  return taken;
}

describe('TokenBucket', () => {
  it('lets a burst through at once, then throttles', () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ ratePerSecond: 50, burst: 10 }, clock.now);
    expect(takeMany(bucket, 25)).toBe(10);
    expect(bucket.take()).toBe(false);
  });

  it('refills at the steady rate', () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ ratePerSecond: 50, burst: 10 }, clock.now);
    takeMany(bucket, 10);
    clock.advance(19);
    expect(bucket.take()).toBe(false);
    clock.advance(1);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    clock.advance(100);
    expect(takeMany(bucket, 10)).toBe(5);
  });

  it('holds at most the burst, however long it waits', () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ ratePerSecond: 10_000, burst: 5_000 }, clock.now);
    takeMany(bucket, 5_000);
    clock.advance(60_000);
    expect(takeMany(bucket, 6_000)).toBe(5_000);
  });

  it('sustains the rate over a second of steady demand', () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ ratePerSecond: 50, burst: 10 }, clock.now);
    let taken = takeMany(bucket, 5);
    for (let ms = 0; ms < 1_000; ms += 1) {
      clock.advance(1);
      taken += takeMany(bucket, 5);
    }
    expect(taken).toBe(10 + 50);
  });

  it('refuses a rate or burst that could never let a request through', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 10 })).toThrow(/rate above 0, got 0/);
    expect(() => new TokenBucket({ ratePerSecond: 5, burst: 0 })).toThrow(/burst of at least 1, got 0/);
    expect(() => new TokenBucket({ ratePerSecond: 5, burst: 2.5 })).toThrow(/got 2.5/);
  });
});
