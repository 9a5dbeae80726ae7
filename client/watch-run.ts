import type { BackoffPolicy } from './backoff';
import type { EventOrder } from './event-order';
import type { StatsRecorder } from './stats';

/** What every step of one watch shares: its settings, its stop signal, its stats and its place. */
export interface WatchRun {
  readonly checkId: string;
  readonly firstEventTimeoutMs: number;
  readonly maxRetries: number;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
  readonly delay: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborted when the watch ends: every connection closes. */
  readonly stop: AbortSignal;
  readonly stats: StatsRecorder;
  readonly order: EventOrder;
}
