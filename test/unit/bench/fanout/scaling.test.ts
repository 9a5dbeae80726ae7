import { scalingRows } from '../../../../bench/suites/fanout/scaling';
import { sampleSize, timing } from './sample-result';

describe('scalingRows', () => {
  it('gives the median time to the last delivery per subscriber, and its change from the previous N', () => {
    const small = { ...sampleSize(1_000), notifier: [timing(1, 400), timing(1, 500), timing(1, 600)] };
    const large = { ...sampleSize(5_000), notifier: [timing(1, 1_500), timing(1, 2_000), timing(1, 2_600)] };
    const rows = scalingRows([small, large]);
    expect(rows[0]).toEqual({
      subscribers: 1_000,
      lastMs: 500,
      perSubscriberMicros: 500,
      perSubscriberToPrevious: undefined,
    });
    expect(rows[1].perSubscriberMicros).toBeCloseTo(400);
    expect(rows[1].perSubscriberToPrevious).toBeCloseTo(0.8);
  });

  it('skips a size with no notifier run', () => {
    expect(scalingRows([{ ...sampleSize(1_000), notifier: [] }])).toEqual([]);
  });
});
