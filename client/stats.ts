import type { CheckCloudEvent, TransportCounters, TransportName, WatchStats } from './types';

const TRANSPORTS: readonly TransportName[] = [
  'websocket',
  'appsync-events',
  'connect',
  'sse',
  'long-poll',
  'poll',
];

type Counters = { requests: number; bytes: number; events: number };

/** The watch's counters; `snapshot()` copies them, so callers never see them change. */
export class StatsRecorder {
  transport: TransportName | undefined;
  private readonly perTransport = Object.fromEntries(
    TRANSPORTS.map((name) => [name, { requests: 0, bytes: 0, events: 0 }]),
  ) as Record<TransportName, Counters>;
  private events = 0;
  private duplicatesDropped = 0;
  private gapsRefetched = 0;
  private fallbacks = 0;
  private reconnects = 0;
  private readonly latenciesMs: number[] = [];

  constructor(
    private readonly now: () => number,
    private readonly onStats: ((stats: WatchStats) => void) | undefined,
  ) {}

  request(name: TransportName): void {
    this.perTransport[name].requests += 1;
    this.changed();
  }

  bytes(name: TransportName, count: number): void {
    this.perTransport[name].bytes += count;
    this.changed();
  }

  event(name: TransportName, event: CheckCloudEvent): void {
    this.perTransport[name].events += 1;
    this.events += 1;
    this.latenciesMs.push(this.now() - Date.parse(event.time));
    this.changed();
  }

  duplicate(): void {
    this.duplicatesDropped += 1;
  }

  gap(): void {
    this.gapsRefetched += 1;
  }

  reconnect(): void {
    this.reconnects += 1;
  }

  use(name: TransportName | undefined): void {
    if (this.transport !== undefined && name !== undefined) this.fallbacks += 1;
    this.transport = name;
    this.changed();
  }

  snapshot(): WatchStats {
    const perTransport = Object.fromEntries(
      TRANSPORTS.map((name) => [name, { ...this.perTransport[name] } satisfies TransportCounters]),
    ) as Record<TransportName, TransportCounters>;
    return {
      transport: this.transport,
      perTransport,
      events: this.events,
      duplicatesDropped: this.duplicatesDropped,
      gapsRefetched: this.gapsRefetched,
      fallbacks: this.fallbacks,
      reconnects: this.reconnects,
      latenciesMs: [...this.latenciesMs],
    };
  }

  private changed(): void {
    this.onStats?.(this.snapshot());
  }
}
