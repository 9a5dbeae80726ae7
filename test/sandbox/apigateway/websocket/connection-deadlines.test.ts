import type { CloseCause } from '../../../../sandbox/apigateway/websocket/close-reasons';
import {
  ConnectionDeadlines,
  type DeadlineClock,
  type TimedConnection,
} from '../../../../sandbox/apigateway/websocket/connection-deadlines';

/** A clock and timers the test runs by hand: no sleeping. */
class ManualClock implements DeadlineClock {
  time = 0;
  private timers: Array<{ at: number; callback: () => void; timer: NodeJS.Timeout }> = [];

  readonly now = () => this.time;

  readonly setTimer = (callback: () => void, ms: number): NodeJS.Timeout => {
    const timer = { id: this.timers.length } as unknown as NodeJS.Timeout;
    this.timers.push({ at: this.time + ms, callback, timer });
    return timer;
  };

  readonly clearTimer = (timer: NodeJS.Timeout): void => {
    this.timers = this.timers.filter((pending) => pending.timer !== timer);
  };

  get pending(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const next = [...this.timers].sort((left, right) => left.at - right.at)[0];
      if (next === undefined || next.at > until) break;
      this.timers = this.timers.filter((pending) => pending !== next);
      this.time = next.at;
      next.callback();
    }
    this.time = until;
  }
}

class Connection implements TimedConnection {
  closedWith: CloseCause | undefined;
  closedAt: number | undefined;

  constructor(
    private readonly clock: ManualClock,
    readonly connectedAt: number,
    public lastActiveAt = connectedAt,
  ) {}

  close(cause: CloseCause): void {
    this.closedWith = cause;
    this.closedAt = this.clock.time;
  }
}

const LIMITS = { idleTimeoutMs: 100, maxConnectionMs: 250 };

describe('ConnectionDeadlines', () => {
  it('closes an idle connection at its idle limit with 1001 Going away', () => {
    const clock = new ManualClock();
    const deadlines = new ConnectionDeadlines<Connection>(LIMITS, clock);
    const connection = new Connection(clock, 0);
    deadlines.add(connection);
    clock.advance(99);
    expect(connection.closedWith).toBeUndefined();
    clock.advance(1);
    expect(connection.closedWith).toEqual({ code: 1001, reason: 'Going away' });
    expect(connection.closedAt).toBe(100);
  });

  it('pushes the idle limit back on activity, and closes at the lifetime limit however active', () => {
    const clock = new ManualClock();
    const deadlines = new ConnectionDeadlines<Connection>(LIMITS, clock);
    const busy = new Connection(clock, 0);
    deadlines.add(busy);
    for (let at = 60; at < 300; at += 60) {
      clock.advance(60);
      busy.lastActiveAt = at;
      deadlines.touched(busy);
    }
    clock.advance(20);
    expect(busy.closedAt).toBe(250);
    expect(busy.closedWith).toEqual({ code: 1001, reason: 'Going away' });
  });

  it('keeps one timer for many connections, closing each at its own deadline', () => {
    const clock = new ManualClock();
    const deadlines = new ConnectionDeadlines<Connection>(LIMITS, clock);
    const connections = [0, 10, 20, 30].map((at) => {
      clock.advance(at - clock.time);
      const connection = new Connection(clock, at);
      deadlines.add(connection);
      return connection;
    });
    expect(clock.pending).toBe(1);
    clock.advance(15);
    connections[0].lastActiveAt = clock.time;
    deadlines.touched(connections[0]);
    clock.advance(200);
    expect(connections.map(({ closedAt }) => closedAt)).toEqual([145, 110, 120, 130]);
    expect(clock.pending).toBe(0);
  });

  it('forgets a removed connection, and stops its timer', () => {
    const clock = new ManualClock();
    const deadlines = new ConnectionDeadlines<Connection>(LIMITS, clock);
    const gone = new Connection(clock, 0);
    const stays = new Connection(clock, 0);
    deadlines.add(gone);
    deadlines.add(stays);
    deadlines.remove(gone);
    deadlines.touched(gone);
    clock.advance(100);
    expect([gone.closedWith, stays.closedAt]).toEqual([undefined, 100]);
    deadlines.add(new Connection(clock, 100));
    deadlines.stop();
    expect(clock.pending).toBe(0);
  });
});
