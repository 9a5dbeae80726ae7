import { DeliveryLog } from '../../load/scenarios/webhooks/delivery-log';

function take(log: DeliveryLog, checkId: string, version: number): void {
  log.take({ eventId: `${checkId}:${version}`, checkId, version });
}

describe('DeliveryLog', () => {
  it('keeps each event once and counts the copies SNS may deliver', () => {
    const log = new DeliveryLog();
    for (const version of [1, 2, 2, 3, 1]) take(log, 'a', version);
    expect({ taken: log.taken, duplicates: log.duplicates, distinct: log.distinct.size }).toEqual({
      taken: 5,
      duplicates: 2,
      distinct: 3,
    });
    expect(log.has('a:2')).toBe(true);
    expect(log.has('a:4')).toBe(false);
  });

  it('counts versions that arrive after a higher one of the same check, per check', () => {
    const log = new DeliveryLog();
    for (const version of [1, 3, 2]) take(log, 'a', version);
    for (const version of [1, 2]) take(log, 'b', version);
    expect(log.lateArrivals).toBe(1);
  });

  it('gives each check its distinct versions in ascending order, for the ledger', () => {
    const log = new DeliveryLog();
    for (const version of [3, 1, 3, 2]) take(log, 'a', version);
    take(log, 'b', 1);
    expect(log.versionsByCheck()).toEqual(
      new Map([
        ['a', [1, 2, 3]],
        ['b', [1]],
      ]),
    );
  });
});
