import type { LoadSize } from '../../scenario';

export interface PollingSizes {
  readonly longPollClients: number;
  readonly sseClients: number;
  /** The clients are spread over the checks evenly. */
  readonly checks: number;
  /** At most 20: `POST /checks` takes 1 to 20 steps. */
  readonly updates: number;
  readonly stepMs: number;
  /**
   * The clients start one after another over this time, as users arrive, rather than all in
   * the same millisecond: each new one starts a Lambda environment, whose start-up (a few
   * seconds of CPU on a loaded 2-core machine) must stay within Lambda's 10 s init limit.
   */
  readonly rampMs: number;
  /** Each long poll's `waitSeconds`, as the project's client sends by default. */
  readonly waitSeconds: number;
  /**
   * Lambda environments the sandbox must allow per function: every SSE client holds one of
   * the events function for as long as it follows, and every waiting long poll one of the
   * read function, as on AWS.
   */
  readonly lambdaConcurrency: number;
}

export const POLLING_SIZES: Readonly<Record<LoadSize, PollingSizes>> = {
  quick: {
    longPollClients: 20,
    sseClients: 20,
    checks: 4,
    updates: 20,
    stepMs: 1_000,
    rampMs: 6_000,
    waitSeconds: 20,
    lambdaConcurrency: 30,
  },
  // 200 + 200 clients need 400 environments, a worker thread each that took 1 to 10 s to
  // start on 2 busy cores: the sandbox started about 70 within the run, the rest timed out
  // and the starved worker left checks unfinished. On AWS each is a microVM of its own.
  full: {
    longPollClients: 80,
    sseClients: 80,
    checks: 10,
    updates: 20,
    stepMs: 2_000,
    rampMs: 20_000,
    waitSeconds: 20,
    lambdaConcurrency: 100,
  },
};
