import { notifyConcurrencyIn } from '../../../../bench/suites/fanout/notify-concurrency';

describe('notifyConcurrencyIn', () => {
  it('reads the setting from a template', () => {
    const template = JSON.stringify(
      { Resources: { F: { Properties: { Environment: { Variables: { NOTIFY_CONCURRENCY: '64' } } } } } },
      null,
      1,
    );
    expect(notifyConcurrencyIn(template)).toBe(64);
  });

  it('is undefined when no function sets it', () => {
    expect(notifyConcurrencyIn('{"Resources":{}}')).toBeUndefined();
  });
});
