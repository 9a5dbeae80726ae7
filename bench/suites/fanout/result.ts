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

/** A second check's delay, commit to its last delivery (ms), with a few subscribers of its own. */
export interface SecondCheckDelays {
  readonly subscribers: number;
  /** Before the big check's subscribers connected: nothing else going on. */
  readonly baseline: readonly number[];
  /** Committed while a change of the big check was on its way (commit to last delivery). */
  readonly inFlight: readonly number[];
  /** Committed between the big check's changes, while its subscribers were connected. */
  readonly between: readonly number[];
}

/** N AppSync Events subscribers of one check: each change published once, delivered by the API. */
export type AppSyncFanout =
  | { readonly measured: false; readonly reason: string }
  | {
      readonly measured: true;
      /** Stream → publisher → `POST /event` → Events API → socket; the start is the commit. */
      readonly runs: readonly DeliveryTiming[];
      readonly clientProcesses: number;
      /** Opening and acknowledging the N connections (the authorizer runs on each), ms. */
      readonly connectMs: number;
      /** Subscribing all N (the authorizer runs on each `subscribe`), ms. */
      readonly subscribeMs: number;
      readonly stepMs: number;
    };

export interface FanoutSize {
  /** N as measured. */
  readonly subscribers: number;
  /** The sizes asked for that this one stands for: larger when the sandbox could not hold them. */
  readonly requested: readonly number[];
  /** The client processes the N connections were spread over. */
  readonly clientProcesses: number;
  /** The most file descriptors the sandbox's process held while subscribed. */
  readonly sandboxDescriptors: number;
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
  readonly secondCheck: SecondCheckDelays;
  /** The same N through AppSync Events, in the same run. */
  readonly appSyncEvents: AppSyncFanout;
}

/** How many posts a client makes and the CPU they cost, one run. */
export interface PostCpuRun {
  readonly posts: number;
  /** `process.cpuUsage()` user + system over the posts, µs. */
  readonly cpuMicros: number;
}

/** CPU per post of the notifier's poster against the SDK client, measured alike in one run. */
export interface PostCpu {
  readonly posts: number;
  readonly concurrency: number;
  readonly lean: readonly PostCpuRun[];
  readonly sdk: readonly PostCpuRun[];
}

/** Which limit a limited run had. */
export type LimitKind =
  /** AWS's account default, which a deployment meets. */
  | 'aws-default'
  /** Half what the path sustained unlimited in this run, so that the limit is surely hit. */
  | 'below-the-path';

/** The notifier path through a sandbox of its own whose `@connections` is throttled at one limit. */
export interface LimitedRuns {
  readonly kind: LimitKind;
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly on: readonly DeliveryTiming[];
  /** Per change: distinct subscribers that got it. */
  readonly delivered: readonly number[];
  /** Posts the limited sandbox answered 429 (its admin API's `postsThrottled`), if it counts them. */
  readonly throttled: number | undefined;
}

/** The notifier path at one N with the sandbox's `@connections` rate limit off, and at each limit. */
export type RateLimitScenario =
  | { readonly measured: false; readonly reason: string }
  | {
      readonly measured: true;
      readonly subscribers: number;
      /** The same size's notifier runs in the main sandbox, whose limit is off. */
      readonly off: readonly DeliveryTiming[];
      readonly limits: readonly LimitedRuns[];
    };

/** What bounded N: the sandbox process's descriptors. */
export interface SandboxCapacity {
  readonly softLimit: number;
  readonly hardLimit: number;
  /** Descriptors the idle sandbox held before the first size connected. */
  readonly idleDescriptors: number;
  /** Kept free for what a fan-out opens besides its WebSocket connections. */
  readonly headroom: number;
  /** Connections the sandbox could take: the largest N measured. */
  readonly connections: number;
}

/** A size planned but not measured, and why. */
export interface SkippedSize {
  readonly subscribers: number;
  readonly requested: readonly number[];
  readonly reason: string;
}

export interface FanoutResult {
  readonly sizes: readonly FanoutSize[];
  readonly skipped: readonly SkippedSize[];
  readonly capacity: SandboxCapacity;
  /** The main sandbox's extra arguments (`--connections-rate-limit 0` once it takes the option). */
  readonly sandboxArgs: readonly string[];
  readonly rateLimit: RateLimitScenario;
  readonly postCpu: PostCpu;
  /** The notifier's `NOTIFY_CONCURRENCY` in the sandbox's template. */
  readonly notifyConcurrency: number | undefined;
  readonly streamPollMs: number;
  readonly runs: number;
}
