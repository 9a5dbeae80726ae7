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
