import { IDLE_TIMEOUT, MAX_DURATION, type CloseCause } from './close-reasons';

/** What the deadlines read of a connection, and how they end it. */
export interface TimedConnection {
  /** Epoch ms. */
  readonly connectedAt: number;
  /** Epoch ms of the last message either way. */
  readonly lastActiveAt: number;
  close(cause: CloseCause): void;
}

export interface DeadlineClock {
  readonly now: () => number;
  readonly setTimer: (callback: () => void, ms: number) => NodeJS.Timeout;
  readonly clearTimer: (timer: NodeJS.Timeout) => void;
}

const SYSTEM_CLOCK: DeadlineClock = {
  now: Date.now,
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (timer) => clearTimeout(timer),
};

/**
 * API Gateway's idle and lifetime limits for every connection of a stage, with one timer in
 * all: a timer per connection costs each idle connection ~200 bytes. Connections are kept in
 * two insertion-ordered sets, one in the order they were added (the lifetime limit is the
 * same for all, so the first is the first to reach it) and one by last activity (a touched
 * connection moves to the end), and the timer is set for the earlier of the two first
 * deadlines. Connections are added once `$connect` admits them, which is not always the
 * order they connected in: one whose `$connect` took longer than the next one's is closed
 * late by the difference.
 */
export class ConnectionDeadlines<Connection extends TimedConnection> {
  private readonly byConnection = new Set<Connection>();
  private readonly byActivity = new Set<Connection>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(
    private readonly limits: { readonly idleTimeoutMs: number; readonly maxConnectionMs: number },
    private readonly clock: DeadlineClock = SYSTEM_CLOCK,
  ) {}

  add(connection: Connection): void {
    this.byConnection.add(connection);
    this.byActivity.add(connection);
    this.arm();
  }

  /** It was active: its idle limit starts again (the timer is left early, never late). */
  touched(connection: Connection): void {
    if (!this.byActivity.delete(connection)) return;
    this.byActivity.add(connection);
  }

  remove(connection: Connection): void {
    this.byConnection.delete(connection);
    this.byActivity.delete(connection);
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private first(set: ReadonlySet<Connection>): Connection | undefined {
    return set.values().next().value;
  }

  private nextDeadline(): number {
    const oldest = this.first(this.byConnection);
    const idlest = this.first(this.byActivity);
    return Math.min(
      oldest === undefined ? Infinity : oldest.connectedAt + this.limits.maxConnectionMs,
      idlest === undefined ? Infinity : idlest.lastActiveAt + this.limits.idleTimeoutMs,
    );
  }

  private arm(): void {
    const at = this.nextDeadline();
    if (at >= this.timerAt) return;
    this.stop();
    if (at === Infinity) return;
    this.timerAt = at;
    this.timer = this.clock.setTimer(() => this.expire(), Math.max(0, at - this.clock.now()));
  }

  private expire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (
      let oldest = this.first(this.byConnection);
      oldest !== undefined;
      oldest = this.first(this.byConnection)
    ) {
      if (oldest.connectedAt + this.limits.maxConnectionMs > now) break;
      this.remove(oldest);
      oldest.close(MAX_DURATION);
    }
    for (
      let idlest = this.first(this.byActivity);
      idlest !== undefined;
      idlest = this.first(this.byActivity)
    ) {
      if (idlest.lastActiveAt + this.limits.idleTimeoutMs > now) break;
      this.remove(idlest);
      idlest.close(IDLE_TIMEOUT);
    }
    this.arm();
  }
}
