import { AWS_DEFAULT_RETRY_POLICY, type HealthyRetryPolicy } from '../../../sandbox/sns/delivery-policy';
import {
  JITTER_FRACTION,
  jitteredSeconds,
  MAX_TOTAL_RETRY_SECONDS,
  retryDelaysSeconds,
} from '../../../sandbox/sns/retry-schedule';
import { reserveSlot, throttleIntervalMs } from '../../../sandbox/sns/throttle';

const policy = (changes: Partial<HealthyRetryPolicy>): HealthyRetryPolicy => ({
  ...AWS_DEFAULT_RETRY_POLICY,
  ...changes,
});
const rounded = (delays: number[]) => delays.map((delay) => Math.round(delay * 100) / 100);

describe('retryDelaysSeconds', () => {
  it('AWS’s default: three retries 20 s apart', () => {
    expect(retryDelaysSeconds(AWS_DEFAULT_RETRY_POLICY)).toEqual([20, 20, 20]);
  });

  it('runs the four phases in order: immediate, pre-backoff, backoff, post-backoff', () => {
    const delays = retryDelaysSeconds(
      policy({
        minDelayTarget: 2,
        maxDelayTarget: 10,
        numRetries: 8,
        numNoDelayRetries: 2,
        numMinDelayRetries: 1,
        numMaxDelayRetries: 2,
        backoffFunction: 'linear',
      }),
    );
    expect(delays).toEqual([0, 0, 2, 2, 6, 10, 10, 10]);
  });

  it('the policy our subscriptions handler sets: one at once, then five from 1 s to 60 s', () => {
    const delays = retryDelaysSeconds(
      policy({
        minDelayTarget: 1,
        maxDelayTarget: 60,
        numRetries: 6,
        numNoDelayRetries: 1,
        backoffFunction: 'exponential',
      }),
    );
    expect(delays).toHaveLength(6);
    expect(delays[0]).toBe(0);
    expect(delays[1]).toBe(1);
    expect(delays[5]).toBe(60);
  });

  describe('backoff functions go from minDelayTarget to maxDelayTarget', () => {
    const backoff = (backoffFunction: HealthyRetryPolicy['backoffFunction']) =>
      rounded(
        retryDelaysSeconds(policy({ minDelayTarget: 1, maxDelayTarget: 16, numRetries: 5, backoffFunction })),
      );

    it('linear: equal steps', () => {
      expect(backoff('linear')).toEqual([1, 4.75, 8.5, 12.25, 16]);
    });

    it('arithmetic: steps that grow by a constant amount', () => {
      expect(backoff('arithmetic')).toEqual([1, 1.94, 4.75, 9.44, 16]);
    });

    it('geometric: a constant factor between delays', () => {
      expect(backoff('geometric')).toEqual([1, 2, 4, 8, 16]);
    });

    it('exponential: steps that double', () => {
      expect(backoff('exponential')).toEqual([1, 2, 4, 8, 16]);
      expect(
        rounded(
          retryDelaysSeconds(
            policy({ minDelayTarget: 1, maxDelayTarget: 31, numRetries: 5, backoffFunction: 'exponential' }),
          ),
        ),
      ).toEqual([1, 3, 7, 15, 31]);
    });

    it('a single backoff retry waits minDelayTarget', () => {
      expect(retryDelaysSeconds(policy({ minDelayTarget: 3, maxDelayTarget: 9, numRetries: 1 }))).toEqual([
        3,
      ]);
    });
  });

  it('every delay stays within the targets', () => {
    for (const backoffFunction of ['linear', 'arithmetic', 'geometric', 'exponential'] as const) {
      for (const delay of retryDelaysSeconds(
        policy({ minDelayTarget: 5, maxDelayTarget: 50, numRetries: 12, backoffFunction }),
      )) {
        expect(delay).toBeGreaterThanOrEqual(5);
        expect(delay).toBeLessThanOrEqual(50);
      }
    }
  });

  it('drops the retries that would end past 3600 s', () => {
    const delays = retryDelaysSeconds(
      policy({ minDelayTarget: 3600, maxDelayTarget: 3600, numRetries: 100, numMaxDelayRetries: 100 }),
    );
    expect(delays).toEqual([3600]);
    const many = retryDelaysSeconds(policy({ minDelayTarget: 100, maxDelayTarget: 100, numRetries: 100 }));
    expect(many).toHaveLength(36);
    expect(many.reduce((sum, delay) => sum + delay, 0)).toBeLessThanOrEqual(MAX_TOTAL_RETRY_SECONDS);
  });

  it('no retries at all', () => {
    expect(retryDelaysSeconds(policy({ numRetries: 0 }))).toEqual([]);
  });
});

describe('jitteredSeconds', () => {
  it('shortens a delay by up to the jitter fraction, never lengthens it', () => {
    expect(jitteredSeconds(20, () => 0)).toBe(20);
    expect(jitteredSeconds(20, () => 0.999999)).toBeCloseTo(20 * (1 - JITTER_FRACTION), 3);
    expect(jitteredSeconds(0, () => 0.5)).toBe(0);
  });
});

describe('throttle', () => {
  it('spaces attempts by the interval, in the order they were reserved', () => {
    const first = reserveSlot(0, 1000, 100);
    expect(first).toEqual({ sendAt: 1000, nextFreeAt: 1100 });
    const second = reserveSlot(first.nextFreeAt, 1010, 100);
    expect(second).toEqual({ sendAt: 1100, nextFreeAt: 1200 });
    const later = reserveSlot(second.nextFreeAt, 5000, 100);
    expect(later.sendAt).toBe(5000);
  });

  it('takes its interval from maxReceivesPerSecond, scaled like every SNS delay', () => {
    expect(throttleIntervalMs(10, 1)).toBe(100);
    expect(throttleIntervalMs(10, 0.01)).toBe(1);
    expect(throttleIntervalMs(undefined, 1)).toBe(0);
  });
});
