import { bestConcurrency } from '../../../../bench/suites/fanout/best-concurrency';

describe('bestConcurrency', () => {
  it('keeps the concurrency with the highest median, not the highest single run', () => {
    const best = bestConcurrency(
      [
        { concurrency: 10, runs: [100, 900, 100] },
        { concurrency: 50, runs: [300, 300, 200] },
        { concurrency: 100, runs: [] },
      ],
      (run) => run,
    );
    expect(best.concurrency).toBe(50);
  });

  it('keeps the first of equals', () => {
    expect(
      bestConcurrency(
        [
          { concurrency: 1, runs: [5] },
          { concurrency: 2, runs: [5] },
        ],
        (run) => run,
      ).concurrency,
    ).toBe(1);
  });

  it('refuses candidates without runs', () => {
    expect(() => bestConcurrency([{ concurrency: 1, runs: [] }], (run: number) => run)).toThrow(
      'No concurrency',
    );
  });
});
