import { configFromArgs } from '../../../sandbox/platform/config';

describe('the command line', () => {
  it("throttles at AWS's account default unless told otherwise", () => {
    expect(configFromArgs([], '/project').accountThrottle).toEqual({ ratePerSecond: 10_000, burst: 5_000 });
    expect(
      configFromArgs(['--connections-rate-limit', '50', '--connections-burst-limit', '10'], '/project')
        .accountThrottle,
    ).toEqual({ ratePerSecond: 50, burst: 10 });
  });

  it('turns throttling off with a rate of 0', () => {
    expect(configFromArgs(['--connections-rate-limit', '0'], '/project').accountThrottle).toBeUndefined();
  });

  it('names a bad rate or burst', () => {
    expect(() => configFromArgs(['--connections-rate-limit', 'fast'], '/project')).toThrow(
      '--connections-rate-limit must be a number >= 0, got "fast"',
    );
    expect(() => configFromArgs(['--connections-burst-limit', '0'], '/project')).toThrow(
      '--connections-burst-limit must be a whole number >= 1, got "0"',
    );
  });
});
