import {
  checkDeliveryTarget,
  type TargetRules,
  type VettedAddress,
} from '../../../sandbox/sns/delivery-target';

const PUBLIC = { address: '93.184.216.34', family: 4 } as const;

/** A resolver that answers from a table, and each name's answers in turn (the last one again). */
function resolverOf(table: Record<string, VettedAddress[][]>): TargetRules['resolve'] {
  const asked = new Map<string, number>();
  return async (hostname) => {
    const answers = table[hostname];
    if (answers === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const index = asked.get(hostname) ?? 0;
    asked.set(hostname, index + 1);
    return answers[Math.min(index, answers.length - 1)] ?? [];
  };
}

function rules(
  table: Record<string, VettedAddress[][]> = {},
  overrides: Partial<TargetRules> = {},
): TargetRules {
  return {
    policy: 'allow-loopback-http',
    ownPorts: new Map([
      [4011, 'WebSocket API'],
      [4020, 'DynamoDB Local'],
    ]),
    resolve: resolverOf(table),
    // A public address of an interface, as a machine that is its own server has.
    localAddresses: () => ['52.1.2.3', 'fe80::1'],
    ...overrides,
  };
}

describe('checkDeliveryTarget', () => {
  it('answers the address to connect to: the literal, or what the name resolves to', async () => {
    expect(await checkDeliveryTarget('http://127.0.0.1:8080/hook', rules())).toEqual({
      ok: true,
      target: { address: '127.0.0.1', family: 4 },
    });
    expect(await checkDeliveryTarget('http://[::1]:8080/hook', rules())).toEqual({
      ok: true,
      target: { address: '::1', family: 6 },
    });
    expect(
      await checkDeliveryTarget('https://hooks.example/in', rules({ 'hooks.example': [[PUBLIC]] })),
    ).toEqual({
      ok: true,
      target: PUBLIC,
    });
  });

  it('checks the name again on every attempt: one that now resolves to the metadata service is refused', async () => {
    const rebinding = rules({
      'hooks.example': [[PUBLIC], [{ address: '169.254.169.254', family: 4 }]],
    });
    expect((await checkDeliveryTarget('http://hooks.example/in', rebinding)).ok).toBe(true);
    expect(await checkDeliveryTarget('http://hooks.example/in', rebinding)).toEqual({
      ok: false,
      code: 'ForbiddenAddress',
      message: 'Refused to deliver to hooks.example (169.254.169.254): the instance metadata service',
    });
  });

  it('refuses a name when any of its addresses is refused', async () => {
    const mixed = rules({ 'hooks.example': [[PUBLIC, { address: '10.0.0.5', family: 4 }]] });
    expect(await checkDeliveryTarget('https://hooks.example/in', mixed)).toMatchObject({
      ok: false,
      message: 'Refused to deliver to hooks.example (10.0.0.5): a private address',
    });
  });

  it('refuses what the policy refuses: loopback too under public-https', async () => {
    expect(
      await checkDeliveryTarget('http://127.0.0.1:8080/hook', rules({}, { policy: 'public-https' })),
    ).toMatchObject({
      ok: false,
      code: 'ForbiddenAddress',
      message: expect.stringMatching(/a loopback address$/),
    });
  });

  it("refuses the sandbox's own service ports on this machine, however the address is written", async () => {
    const table = { localhost: [[{ address: '::1', family: 6 } as const]] };
    for (const url of [
      'http://127.0.0.1:4011/production/@connections/abc%3D',
      'http://localhost:4011/_sandbox/connections/abc%3D/drop',
      'http://[::ffff:127.0.0.1]:4020/',
      'http://127.1.2.3:4020/',
    ]) {
      expect(await checkDeliveryTarget(url, rules(table))).toEqual({
        ok: false,
        code: 'ForbiddenAddress',
        message: expect.stringMatching(
          /port 40(11|20): it is the sandbox's own (WebSocket API|DynamoDB Local)$/,
        ),
      });
    }
  });

  it("refuses an address of this machine's interfaces on a service port, and lets the same port elsewhere through", async () => {
    const self = { address: '52.1.2.3', family: 4 } as const;
    const table = { 'me.example': [[self]], 'hooks.example': [[PUBLIC]] };
    expect(await checkDeliveryTarget('http://me.example:4011/', rules(table))).toEqual({
      ok: false,
      code: 'ForbiddenAddress',
      message: "Refused to deliver to me.example (52.1.2.3) port 4011: it is the sandbox's own WebSocket API",
    });
    expect(await checkDeliveryTarget('http://me.example:8080/', rules(table))).toEqual({
      ok: true,
      target: self,
    });
    expect(await checkDeliveryTarget('http://hooks.example:4011/', rules(table))).toEqual({
      ok: true,
      target: PUBLIC,
    });
  });

  it('ends like a connection error when the name does not resolve', async () => {
    expect(await checkDeliveryTarget('http://gone.example/in', rules())).toEqual({
      ok: false,
      code: 'ENOTFOUND',
      message: 'gone.example does not resolve: getaddrinfo ENOTFOUND gone.example',
    });
  });
});
