import { appSyncRatios, fanoutRatios } from '../../../../bench/suites/fanout/ratios';
import { sampleSize } from './sample-result';

describe('fanoutRatios', () => {
  it('compares medians of deliveries/s from the first delivery, against the best direct concurrency', () => {
    const ratios = fanoutRatios(sampleSize(1_000));
    expect(ratios.notifierToDirect).toBeCloseTo(900 / 1_100);
    expect(ratios.notifierToRaw).toBeCloseTo(900 / 22_000);
    expect(ratios.directToRaw).toBeCloseTo(1_100 / 22_000);
  });

  it('compares the median times to the last delivery, so above 1 is slower', () => {
    const ratios = fanoutRatios(sampleSize(1_000));
    expect(ratios.lastToDirect).toBeCloseTo(1_000 / 2.2 / 500);
    expect(ratios.lastToRaw).toBeCloseTo(1_000 / 2.2 / 28);
  });

  it('pairs the runs by index', () => {
    expect(fanoutRatios(sampleSize(1_000)).notifierToDirectByRun).toEqual([0.8, 0.8, 900 / 1_100]);
  });
});

describe('appSyncRatios', () => {
  it('compares AppSync Events with the notifier path at the same N: medians of deliveries/s and of time to last', () => {
    const ratios = appSyncRatios(sampleSize(1_000));
    expect(ratios.rate).toBeCloseTo(10_000 / 900);
    expect(ratios.last).toBeCloseTo(110 / (1_000 / 2.2));
  });

  it('has no ratio for a size whose AppSync clients were not measured', () => {
    const size = { ...sampleSize(1_000), appSyncEvents: { measured: false, reason: 'no API' } as const };
    expect(appSyncRatios(size)).toEqual({ rate: undefined, last: undefined });
  });
});
