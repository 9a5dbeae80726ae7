import { fateOf, type FlakyOdds } from '../../load/scenarios/webhooks/fates';

const ODDS: FlakyOdds = { always: 0.1, transient: 0.2, maxTransientFailures: 3 };
const EVENT_IDS = Array.from(
  { length: 2000 },
  (_, index) => `check-${Math.floor(index / 10)}:${(index % 10) + 1}`,
);

describe('fateOf', () => {
  it('gives an event the same fate for the same seed, and decides independently per seed', () => {
    const first = EVENT_IDS.map((id) => fateOf('flaky-1', id, ODDS));
    expect(EVENT_IDS.map((id) => fateOf('flaky-1', id, ODDS))).toEqual(first);
    expect(EVENT_IDS.map((id) => fateOf('flaky-2', id, ODDS))).not.toEqual(first);
  });

  it('fails about the given shares of events always, a few times, or never', () => {
    const fates = EVENT_IDS.map((id) => fateOf('flaky-1', id, ODDS));
    const share = (test: (fate: number) => boolean) => fates.filter(test).length / fates.length;
    expect(share((fate) => fate === Infinity)).toBeGreaterThan(0.07);
    expect(share((fate) => fate === Infinity)).toBeLessThan(0.13);
    expect(share((fate) => fate > 0 && fate < Infinity)).toBeGreaterThan(0.16);
    expect(share((fate) => fate > 0 && fate < Infinity)).toBeLessThan(0.24);
    expect(share((fate) => fate === 0)).toBeGreaterThan(0.65);
  });

  it('fails a transient event at least once and at most maxTransientFailures times, each count drawn', () => {
    const transient = EVENT_IDS.map((id) => fateOf('flaky-1', id, ODDS)).filter(
      (fate) => fate > 0 && fate < Infinity,
    );
    expect(new Set(transient)).toEqual(new Set([1, 2, 3]));
  });

  it('never fails with no odds, and always with all of them', () => {
    const none = { always: 0, transient: 0, maxTransientFailures: 3 };
    const all = { always: 1, transient: 0, maxTransientFailures: 3 };
    expect(EVENT_IDS.every((id) => fateOf('s', id, none) === 0)).toBe(true);
    expect(EVENT_IDS.every((id) => fateOf('s', id, all) === Infinity)).toBe(true);
  });
});
