import { isLoss, Ledger } from '../../load/ledger';

describe('Ledger', () => {
  it('counts nothing lost when every stream received every version once, in order', () => {
    const ledger = new Ledger();
    ledger.expect('a', 'c1', [1, 2, 3], 'every');
    ledger.expect('b', 'c1', [1, 2, 3], 'latest');
    for (const version of [1, 2, 3]) ledger.receive('a', 'c1', version);
    ledger.receive('b', 'c1', 3);
    const counts = ledger.counts();
    expect(counts).toEqual({
      clients: 2,
      streams: 2,
      expected: 4,
      received: 4,
      missing: 0,
      duplicated: 0,
      outOfOrder: 0,
      coalesced: 2,
      unexpected: 0,
    });
    expect(isLoss(counts)).toBe(false);
    expect(ledger.problems()).toEqual([]);
  });

  it('counts a missing, a repeated and a late version of an every-version stream', () => {
    const ledger = new Ledger();
    ledger.expect('a', 'c1', [1, 2, 3, 4], 'every');
    for (const version of [1, 3, 3, 2]) ledger.receive('a', 'c1', version);
    const counts = ledger.counts();
    expect(counts).toMatchObject({ missing: 1, duplicated: 1, outOfOrder: 1 });
    expect(isLoss(counts)).toBe(true);
    expect(ledger.problems()).toEqual(['client a, check c1: received [1, 3, 3, 2] of every version to 4']);
  });

  it('fails a latest stream that never reached the final version or went back', () => {
    const ledger = new Ledger();
    ledger.expect('a', 'c1', [1, 2, 3], 'latest');
    ledger.expect('b', 'c1', [1, 2, 3], 'latest');
    ledger.receive('a', 'c1', 2);
    for (const version of [1, 3, 2]) ledger.receive('b', 'c1', version);
    expect(ledger.counts()).toMatchObject({ missing: 1, outOfOrder: 1, coalesced: 1 });
  });

  it('counts versions of a check nobody followed, or past its final version, as unexpected', () => {
    const ledger = new Ledger();
    ledger.expect('a', 'c1', [1, 2], 'every');
    ledger.receive('a', 'c2', 1);
    ledger.receive('a', 'c1', 3);
    for (const version of [1, 2]) ledger.receive('a', 'c1', version);
    const counts = ledger.counts();
    expect(counts.unexpected).toBe(2);
    expect(isLoss(counts)).toBe(true);
  });
});
