import { stepMsFor, stepsFor } from '../../../../bench/suites/fanout/step-interval';

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
