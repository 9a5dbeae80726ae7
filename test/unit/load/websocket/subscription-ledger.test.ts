import { SubscriptionLedger } from '../../../load/websocket/subscription-ledger';

describe('SubscriptionLedger', () => {
  it('expects every version from the snapshot to the final one', () => {
    const ledger = new SubscriptionLedger();
    ledger.check('c', 4);
    const stream = ledger.stream('a', 'c');
    stream.subscribed(2);
    stream.pushed(3);
    expect(ledger.ledger.counts()).toMatchObject({ expected: 3, received: 2, missing: 1 });
    expect(ledger.snapshotFigures()).toEqual({
      lateSnapshots: 1,
      versionsBeforeSnapshots: 1,
      snapshotOverlaps: 0,
    });
  });

  it('counts a version pushed twice after the snapshot as duplicated', () => {
    const ledger = new SubscriptionLedger();
    ledger.check('c', 3);
    const stream = ledger.stream('a', 'c');
    stream.subscribed(1);
    for (const version of [2, 2, 3]) stream.pushed(version);
    expect(ledger.ledger.counts()).toMatchObject({ missing: 0, duplicated: 1 });
  });

  it('resolves once every stream has its final version, and only then', async () => {
    const ledger = new SubscriptionLedger();
    ledger.check('c', 2);
    const first = ledger.stream('a', 'c');
    const second = ledger.stream('b', 'c');
    first.subscribed(1);
    second.subscribed(2);
    let finished: boolean | undefined;
    const waiting = ledger.allFinished(5_000).then((value) => (finished = value));
    await Promise.resolve();
    expect(finished).toBeUndefined();
    first.pushed(2);
    await waiting;
    expect(finished).toBe(true);
    expect(ledger.finishedStreams).toBe(2);
  });

  it('answers false when the time runs out first', async () => {
    const ledger = new SubscriptionLedger();
    ledger.check('c', 2);
    ledger.stream('a', 'c').subscribed(1);
    await expect(ledger.allFinished(10)).resolves.toBe(false);
  });

  it('counts the streams whose subscribe was never answered', () => {
    const ledger = new SubscriptionLedger();
    ledger.check('c', 2);
    ledger.stream('a', 'c');
    expect(ledger.streamsWithoutSnapshot).toBe(1);
  });

  it('refuses a stream of an undeclared check', () => {
    expect(() => new SubscriptionLedger().stream('a', 'c')).toThrow('not declared');
  });
});
