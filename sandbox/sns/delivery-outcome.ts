import { STATUS_CODES } from 'node:http';

/** How one POST to an endpoint ended. */
export type AttemptOutcome =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

export type Verdict = 'delivered' | 'retry' | 'permanent';

/**
 * 2xx and 3xx deliver (SNS follows no redirect); 4xx is the client's error and is not
 * retried; 1xx, 5xx, a timeout and a connection or TLS error are retried.
 */
export function verdictOf(outcome: AttemptOutcome): Verdict {
  if (outcome.kind !== 'status') return 'retry';
  if (outcome.status >= 200 && outcome.status < 400) return 'delivered';
  if (outcome.status >= 400 && outcome.status < 500) return 'permanent';
  return 'retry';
}

/** The dead-letter message attributes' ErrorCode and ErrorMessage for the last outcome. */
export function failureDescription(
  outcome: AttemptOutcome,
  attempts: number,
): { readonly errorCode: string; readonly errorMessage: string } {
  const tries = verdictOf(outcome) === 'permanent' ? 'not retried' : `gave up after ${attempts} attempts`;
  switch (outcome.kind) {
    case 'status': {
      const reason = STATUS_CODES[outcome.status];
      const answer = reason === undefined ? `HTTP ${outcome.status}` : `HTTP ${outcome.status} ${reason}`;
      return { errorCode: String(outcome.status), errorMessage: `The endpoint answered ${answer}; ${tries}` };
    }
    case 'timeout':
      return {
        errorCode: 'RequestTimeout',
        errorMessage: `The endpoint did not answer within ${outcome.timeoutMs} ms; ${tries}`,
      };
    case 'error':
      return { errorCode: outcome.code, errorMessage: `${outcome.message}; ${tries}` };
  }
}
