import { demoTokenLifetimeSeconds } from '../../../sandbox/phases/demo-page';

describe('the demo token', () => {
  it('lives a day when no authorizer sets a maximum lifetime', () => {
    expect(demoTokenLifetimeSeconds([{ environment: {} }])).toBe(86_400);
  });

  it('lives no longer than the shortest maximum an authorizer allows', () => {
    const functions = [
      { environment: { TOKEN_MAX_LIFETIME_SECONDS: '7200' } },
      { environment: { TOKEN_MAX_LIFETIME_SECONDS: '3600' } },
      { environment: { TOKEN_MAX_LIFETIME_SECONDS: '172800' } },
    ];
    expect(demoTokenLifetimeSeconds(functions)).toBe(3600);
  });
});
