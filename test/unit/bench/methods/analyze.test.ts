import {
  delaysOf,
  knownAt,
  measuredVersions,
  readsPerClientMinute,
  requestRateOf,
  wireFiguresOf,
} from '../../../../bench/suites/methods/analyze';
import type { ClientTrace, Received } from '../../../../bench/suites/methods/types';

const at = (
  version: number,
  time: number,
  phase: Received['phase'] = 'steady',
  payloadBytes = 100,
): Received => ({ version, at: time, payloadBytes, phase });

function client(received: Received[], wire = { setup: 500, steady: 1000, requests: 4 }): ClientTrace {
  return {
    received,
    setupWire: { bytesIn: wire.setup, bytesOut: 0, requests: 1 },
    steadyWire: { bytesIn: wire.steady / 2, bytesOut: wire.steady / 2, requests: wire.requests },
    readyAt: 1000,
    endAt: 61_000,
  };
}

describe('measuredVersions', () => {
  it('keeps the changes (version 2 on) committed after every client was attached', () => {
    const commits = new Map([
      [1, 500],
      [2, 900],
      [3, 1500],
      [4, 2500],
    ]);
    expect(measuredVersions({ commits, readyAt: 1000 })).toEqual([3, 4]);
  });
});

describe('knownAt', () => {
  it('is the first message carrying the version or a newer one', () => {
    expect(knownAt({ received: [at(1, 100), at(4, 900), at(3, 950)] }, 3)).toBe(900);
  });

  it('is undefined when the client never learnt of it', () => {
    expect(knownAt({ received: [at(1, 100)] }, 2)).toBeUndefined();
  });
});

describe('delaysOf', () => {
  it('measures each (client, version) from its commit, and counts what never arrived', () => {
    const commits = new Map([
      [2, 2000],
      [3, 3000],
    ]);
    const clients = [client([at(2, 2100), at(3, 3050)]), client([at(3, 3300)])];
    expect(delaysOf({ clients, commits, readyAt: 1000 })).toEqual({
      samples: [100, 50, 1300, 300],
      missed: 0,
    });
    expect(delaysOf({ clients: [client([at(2, 2100)])], commits, readyAt: 1000 }).missed).toBe(1);
  });
});

describe('wireFiguresOf', () => {
  it('divides each client’s steady bytes and all its requests by the messages it got after attaching', () => {
    const figures = wireFiguresOf([
      client([at(1, 900, 'setup'), at(2, 2000), at(3, 3000)], { setup: 500, steady: 1000, requests: 3 }),
    ]);
    expect(figures.delivered).toBe(2);
    expect(figures.wirePerUpdate?.median).toBe(500);
    expect(figures.requestsPerUpdate?.median).toBe(2);
    expect(figures.payloadBytes?.count).toBe(2);
    expect(figures.setupBytes?.median).toBe(500);
  });

  it('leaves out of the per-update figures a client that received nothing after attaching', () => {
    const figures = wireFiguresOf([client([at(1, 900, 'setup')])]);
    expect(figures.wirePerUpdate).toBeUndefined();
    expect(figures.setupBytes?.count).toBe(1);
  });
});

describe('requestRateOf', () => {
  it('divides all requests by the time from the first attached to the last done', () => {
    expect(
      requestRateOf([
        client([], { setup: 0, steady: 0, requests: 59 }),
        client([], { setup: 0, steady: 0, requests: 59 }),
      ]),
    ).toBe(2);
  });
});

describe('readsPerClientMinute', () => {
  it('divides the reads by the minutes the clients waited', () => {
    expect(readsPerClientMinute([client([]), client([])], 120)).toEqual({
      value: 60,
      reads: 120,
      clientMinutes: 2,
    });
  });
});
