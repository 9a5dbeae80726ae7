import type { DeliveryTiming } from './delivery-timing';

export interface DirectCeiling {
  /** The concurrency with the highest median deliveries/s from the first delivery. */
  readonly best: number;
  readonly byConcurrency: readonly {
    readonly concurrency: number;
    readonly runs: readonly DeliveryTiming[];
    /** First post to the last `@connections` answer, ms. */
    readonly answeredMs: readonly number[];
  }[];
}

export interface FanoutSize {
  readonly subscribers: number;
  readonly payloadBytes: number;
  /** Opening the N connections (`$connect` with its authorizer), ms. */
  readonly connectMs: number;
  /** Subscribing all N (one `subscribe` each, answered), ms. */
  readonly subscribeMs: number;
  /** The stream's step interval of the check whose changes were measured. */
  readonly stepMs: number;
  /** stream → notifier → `@connections` → socket; the start is the change's commit time. */
  readonly notifier: readonly DeliveryTiming[];
  /** The same payload posted to `@connections` by the bench; the start is the first post. */
  readonly direct: DirectCeiling;
  /** The same payload broadcast by a bare `ws` server; the start is its first write. */
  readonly raw: readonly DeliveryTiming[];
}

export interface FanoutResult {
  readonly sizes: readonly FanoutSize[];
  /** The notifier's `NOTIFY_CONCURRENCY` in the sandbox's template. */
  readonly notifyConcurrency: number | undefined;
  readonly streamPollMs: number;
  readonly runs: number;
}
