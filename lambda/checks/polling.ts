import type { Context } from 'aws-lambda';
import type { CheckStore } from './check-store';

/** What the handlers that poll the checks table (long polling, SSE) run on; tests give a fake clock. */
export interface PollingDeps {
  readonly store: CheckStore;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Epoch milliseconds. */
  readonly now?: () => number;
}

/** The part of the Lambda context a poller needs: how long it may still wait. */
export type RemainingTime = Pick<Context, 'getRemainingTimeInMillis'>;
