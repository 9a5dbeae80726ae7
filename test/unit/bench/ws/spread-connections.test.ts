import { loopbackAddress, spreadConnections } from '../../../../bench/ws/spread-connections';

describe('loopbackAddress', () => {
  it('counts up from 127.0.0.2, skipping .0 and .255 in the last octet', () => {
    expect(loopbackAddress(0)).toBe('127.0.0.2');
    expect(loopbackAddress(252)).toBe('127.0.0.254');
    expect(loopbackAddress(253)).toBe('127.0.1.1');
    expect(loopbackAddress(254)).toBe('127.0.1.2');
  });

  it('gives every index an address of its own', () => {
    const addresses = Array.from({ length: 2_000 }, (_, index) => loopbackAddress(index));
    expect(new Set(addresses).size).toBe(2_000);
    for (const address of addresses)
      expect(address).toMatch(/^127\.\d+\.\d+\.([1-9]|[1-9]\d|1\d\d|2[0-4]\d|25[0-4])$/);
  });

  it('refuses what is not an index', () => {
    expect(() => loopbackAddress(-1)).toThrow(/No loopback address/);
    expect(() => loopbackAddress(1.5)).toThrow(/No loopback address/);
  });
});

describe('spreadConnections', () => {
  it('keeps a pool that fits one process in one process', () => {
    expect(spreadConnections(1_000, 0)).toEqual([{ count: 1_000, localAddress: '127.0.0.2' }]);
    expect(spreadConnections(10_000, 0)).toHaveLength(1);
  });

  it('spreads a large pool evenly, each process under the limit and on an address of its own', () => {
    const shares = spreadConnections(50_000, 3);
    expect(shares.map((share) => share.count)).toEqual([10_000, 10_000, 10_000, 10_000, 10_000]);
    expect(shares.map((share) => share.localAddress)).toEqual([
      '127.0.0.5',
      '127.0.0.6',
      '127.0.0.7',
      '127.0.0.8',
      '127.0.0.9',
    ]);
  });

  it('gives the remainder to the first processes, one each', () => {
    const shares = spreadConnections(20_001, 0, { perProcess: 10_000 });
    expect(shares.map((share) => share.count)).toEqual([6_667, 6_667, 6_667]);
    const uneven = spreadConnections(7, 0, { perProcess: 3 });
    expect(uneven.map((share) => share.count)).toEqual([3, 2, 2]);
    expect(uneven.reduce((sum, share) => sum + share.count, 0)).toBe(7);
  });

  it('refuses an empty pool and a limit that is not a positive whole number', () => {
    expect(() => spreadConnections(0, 0)).toThrow(/at least one connection/);
    expect(() => spreadConnections(10, 0, { perProcess: 0 })).toThrow(/perProcess/);
  });
});
