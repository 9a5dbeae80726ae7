import { needsWarmup, stepsOf, warmupSteps } from '../../../../bench/suites/methods/plan';
import { readGapAt } from '../../../../bench/suites/methods/read-schedule';
import { unavoidableWait, wireOverhead } from '../../../../bench/suites/methods/targets';
import type { Summary } from '../../../../bench/stats';
import { LONG_POLL_BACKOFF } from '../../../../lambda/checks/wait-for-change';
import { SSE_BACKOFF } from '../../../../lambda/checks/sse';

describe('readGapAt', () => {
  it('finds the gap between the reads around a change (long polling reads at 0, 100, 300, 700, 1500 ms)', () => {
    expect(readGapAt(LONG_POLL_BACKOFF, 50)).toBe(100);
    expect(readGapAt(LONG_POLL_BACKOFF, 1000)).toBe(800);
    expect(readGapAt(LONG_POLL_BACKOFF, 10_000)).toBe(1000);
  });

  it('follows the SSE backoff (reads at 250, 750, 1750 ms)', () => {
    expect(readGapAt(SSE_BACKOFF, 1000)).toBe(1000);
    expect(readGapAt(SSE_BACKOFF, 60_000)).toBe(2000);
  });
});

const config = {
  streamPollMs: 250,
  stepMs: 1000,
  longPollBackoff: LONG_POLL_BACKOFF,
  sseBackoff: SSE_BACKOFF,
};

describe('unavoidableWait', () => {
  it('is the stream poll interval for the stream-driven methods', () => {
    expect(unavoidableWait('websocket', config)).toMatchObject({ ms: 250, isTarget: true });
    expect(unavoidableWait('webhooks', config)).toMatchObject({ ms: 250, isTarget: true });
  });

  it('is the read interval in effect for long polling and SSE, and the interval for short polling', () => {
    expect(unavoidableWait('long-poll', config).ms).toBe(800);
    expect(unavoidableWait('sse', config).ms).toBe(1000);
    expect(unavoidableWait('short-5s', config)).toMatchObject({ ms: 5000, isTarget: false });
  });
});

const mean = (value: number): Summary => ({
  count: 1,
  min: value,
  median: value,
  p95: value,
  p99: value,
  max: value,
  mean: value,
});

describe('wireOverhead', () => {
  it('derives the ratio at 100 bytes from the measured per-update overhead', () => {
    expect(wireOverhead({ wirePerUpdate: mean(450), payloadBytes: mean(440) })).toEqual({
      wireMean: 450,
      payloadMean: 440,
      overhead: 10,
      ratio: 450 / 440,
      ratioAt100: 1.1,
    });
  });

  it('is undefined without deliveries', () => {
    expect(wireOverhead({ wirePerUpdate: undefined, payloadBytes: mean(1) })).toBeUndefined();
  });
});

describe('the plan', () => {
  it('runs extra steps while clients attach, none for webhooks, and stays within 20 steps', () => {
    expect(warmupSteps('websocket', 100, 5)).toBe(3);
    expect(warmupSteps('sse', 100, 5)).toBe(11);
    expect(warmupSteps('webhooks', 1000, 5)).toBe(0);
    expect(stepsOf('websocket', 1000, 10)).toBe(20);
  });

  it('warms webhooks only at the first size, and short polling at 5 s never', () => {
    expect(needsWarmup('short-5s', true)).toBe(false);
    expect(needsWarmup('webhooks', false)).toBe(false);
    expect(needsWarmup('webhooks', true)).toBe(true);
    expect(needsWarmup('sse', false)).toBe(true);
  });
});
