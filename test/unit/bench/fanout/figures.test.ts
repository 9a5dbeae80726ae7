import { postCpuFigures } from '../../../../bench/suites/fanout/post-cpu-figures';
import { rateLimitFigures, secondCheckFigures } from '../../../../bench/suites/fanout/scenario-figures';
import { sampleResult, timing } from './sample-result';

describe('postCpuFigures', () => {
  it('divides each run’s CPU by its posts and compares the medians and each pair of runs', () => {
    const figures = postCpuFigures(sampleResult.postCpu);
    expect(figures.lean.median).toBe(250);
    expect(figures.sdk.median).toBe(750);
    expect(figures.leanToSdk).toBeCloseTo(250 / 750);
    expect(figures.leanToSdkByRun).toEqual([250 / 800, 300 / 750]);
  });
});

describe('rateLimitFigures', () => {
  const off = [timing(20_000), timing(22_000), timing(21_000)];
  const limited = {
    kind: 'aws-default' as const,
    ratePerSecond: 10_000,
    burst: 5_000,
    on: [timing(9_000), timing(9_500), timing(9_800)],
    delivered: [1_000, 998, 1_000],
    throttled: 1_234,
  };

  it('states the limited rate against the ceiling and against the limit off', () => {
    const figures = rateLimitFigures(1_000, off, limited);
    expect(figures?.onToCeiling).toBeCloseTo(0.95);
    expect(figures?.onToOff).toBeCloseTo(9_500 / 21_000);
  });

  it('counts the receipts against subscribers × changes', () => {
    expect(rateLimitFigures(1_000, off, limited)).toMatchObject({
      expected: 3_000,
      delivered: 2_998,
      throttled: 1_234,
    });
  });

  it('has no figures without runs', () => {
    expect(rateLimitFigures(1_000, off, { ...limited, on: [] })).toBeUndefined();
    expect(rateLimitFigures(1_000, [], limited)).toBeUndefined();
  });
});

describe('secondCheckFigures', () => {
  it('compares the median delay in flight with the baseline', () => {
    const figures = secondCheckFigures({
      subscribers: 3,
      baseline: [100, 120, 110],
      inFlight: [900, 1_100, 1_000],
      between: [],
    });
    expect(figures.inFlightToBaseline).toBeCloseTo(1_000 / 110);
    expect(figures.between).toBeUndefined();
  });

  it('has no ratio without a sample in flight', () => {
    expect(
      secondCheckFigures({ subscribers: 3, baseline: [100], inFlight: [], between: [90] }).inFlightToBaseline,
    ).toBeUndefined();
  });
});
