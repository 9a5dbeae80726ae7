import { coverageOf } from '../../load/scenarios/webhooks/coverage';

describe('coverageOf', () => {
  const owed = ['c:1', 'c:2', 'c:3', 'c:4'];

  it('covers every owed event that was delivered, listed as a failure, or both', () => {
    expect(coverageOf(owed, new Set(['c:1', 'c:2']), ['c:3', 'c:4', 'c:2'])).toEqual({
      expected: 4,
      delivered: 2,
      failedOnly: 2,
      deliveredAndFailed: 1,
      uncovered: [],
      unexpectedFailures: 0,
      repeatedFailures: 0,
    });
  });

  it('names the owed events neither delivered nor listed', () => {
    expect(coverageOf(owed, new Set(['c:1']), ['c:3']).uncovered).toEqual(['c:2', 'c:4']);
  });

  it('counts failures of events not owed, and the same event listed twice', () => {
    const coverage = coverageOf(owed, new Set(owed), ['other:1', 'c:2', 'c:2']);
    expect(coverage.unexpectedFailures).toBe(1);
    expect(coverage.repeatedFailures).toBe(1);
    expect(coverage.uncovered).toEqual([]);
  });
});
