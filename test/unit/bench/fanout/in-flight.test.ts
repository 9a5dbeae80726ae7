import { classifyDelays } from '../../../../bench/suites/fanout/in-flight';

describe('classifyDelays', () => {
  const windows = [
    { commitMs: 1_000, lastMs: 3_000 },
    { commitMs: 10_000, lastMs: 12_000 },
  ];

  it('counts a small change in flight when it was committed inside a big change’s window, edges included', () => {
    const changes = [
      { commitMs: 1_000, lastMs: 1_400 },
      { commitMs: 2_500, lastMs: 4_000 },
      { commitMs: 12_000, lastMs: 12_100 },
    ];
    expect(classifyDelays(changes, windows)).toEqual({ inFlight: [400, 1_500, 100], between: [] });
  });

  it('counts the others between, with their delays in order', () => {
    const changes = [
      { commitMs: 500, lastMs: 560 },
      { commitMs: 3_001, lastMs: 3_081 },
      { commitMs: 11_000, lastMs: 11_900 },
    ];
    expect(classifyDelays(changes, windows)).toEqual({ inFlight: [900], between: [60, 80] });
  });

  it('has nothing in flight without windows', () => {
    expect(classifyDelays([{ commitMs: 1, lastMs: 2 }], [])).toEqual({ inFlight: [], between: [1] });
  });
});
