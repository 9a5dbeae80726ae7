import { configFromArgs } from '../../../sandbox/platform/config';

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
