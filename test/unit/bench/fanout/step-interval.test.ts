import { outlastsSubscribing, stepMsFor, stepsFor } from '../../../../bench/suites/fanout/step-interval';

describe('stepMsFor', () => {
  it('grows with the subscribers within the contract', () => {
    expect(stepMsFor(100)).toBe(2_000);
    expect(stepMsFor(3_000)).toBe(6_000);
    expect(stepMsFor(50_000)).toBe(10_000);
  });
});

describe('stepsFor', () => {
  it('outlasts the subscriptions with one change to spare', () => {
    expect(stepsFor(3, 0, 2_000)).toBe(4);
    expect(stepsFor(3, 4_500, 2_000)).toBe(7);
  });

  it('never asks for more than 20 steps', () => {
    expect(stepsFor(5, 600_000, 2_000)).toBe(20);
  });
});

describe('stepMsFor, given the subscriptions it must outlast', () => {
  it('stretches the steps so the check outlasts subscribing with the runs to spare', () => {
    // 90 s of subscribing over 20 − 3 − 1 = 16 steps.
    expect(stepMsFor(1_000, 90_000, 3)).toBe(5_625);
    expect(stepMsFor(1_000, 1_000, 3)).toBe(2_000);
    expect(stepMsFor(1_000, 900_000, 3)).toBe(10_000);
  });
});

describe('outlastsSubscribing', () => {
  it('is whether the longest check the contract allows outlasts the subscriptions and the runs', () => {
    expect(outlastsSubscribing(160_000, 3)).toBe(true);
    expect(outlastsSubscribing(160_001, 3)).toBe(false);
    expect(outlastsSubscribing(100_000, 10)).toBe(false);
  });
});
