import { configFromArgs, SANDBOX_CONTEXT } from '../../../sandbox/platform/config';

describe('sandbox configuration', () => {
  it('synthesizes with the sandbox context alone unless told more', () => {
    expect(configFromArgs([], '/project').context).toEqual(SANDBOX_CONTEXT);
  });

  it('adds each --context key=value over it, the last of a key winning', () => {
    const { context } = configFromArgs(
      [
        '--context',
        'fanoutInlineLimit=8',
        '--context',
        'allowedOrigins=a=b',
        '--context',
        'fanoutInlineLimit=9',
      ],
      '/project',
    );
    expect(context).toEqual({ ...SANDBOX_CONTEXT, fanoutInlineLimit: '9', allowedOrigins: 'a=b' });
  });

  it('refuses a --context without a key and a value, naming it', () => {
    expect(() => configFromArgs(['--context', 'fanoutInlineLimit'], '/project')).toThrow(
      /"fanoutInlineLimit"/,
    );
    expect(() => configFromArgs(['--context', '=8'], '/project')).toThrow(/"=8"/);
  });
});

describe('the AppSync Events port', () => {
  it('is 4013 by default, next to the demo page', () => {
    expect(configFromArgs([], '/project').ports).toMatchObject({ demo: 4012, appSync: 4013 });
  });

  it('is chosen by the system with --ports auto, unless given', () => {
    expect(configFromArgs(['--ports', 'auto'], '/project').ports.appSync).toBe(0);
    expect(configFromArgs(['--ports', 'auto', '--appsync-port', '4443'], '/project').ports.appSync).toBe(
      4443,
    );
  });

  it('refuses a port that is no number, naming the option', () => {
    expect(() => configFromArgs(['--appsync-port', 'tls'], '/project')).toThrow(
      '--appsync-port must be a number >= 0, got "tls"',
    );
  });
});

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
