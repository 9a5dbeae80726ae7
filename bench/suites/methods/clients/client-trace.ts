import { subtractWire, type SocketMeter, type WireCount } from '../../../wire/socket-meter';
import type { ClientTrace, Received } from '../types';

/** What every kind of watcher records as it goes. */
export interface WatcherRecord {
  readonly received: readonly Received[];
  readonly meter: SocketMeter;
  readonly setupWire: WireCount;
  readonly readyAt: number;
  readonly endAt: number;
}

/** A watcher's run, its sockets' counts split at the moment it was attached. */
export function traceOf(watcher: WatcherRecord): ClientTrace {
  return {
    received: watcher.received,
    setupWire: watcher.setupWire,
    steadyWire: subtractWire(watcher.meter.read(), watcher.setupWire),
    readyAt: watcher.readyAt,
    endAt: watcher.endAt,
  };
}

export function mergedCommits(maps: Iterable<ReadonlyMap<number, number>>): Map<number, number> {
  const commits = new Map<number, number>();
  for (const map of maps) for (const [version, at] of map) commits.set(version, at);
  return commits;
}
