import type { InvokeOutcome } from '../../lambda/invoker';
import { evaluatePolicy, parseAuthorizerOutput } from '../policy';

/** What the authorizer allowed, as later events carry it in `requestContext.authorizer`. */
export interface AuthorizerGrant {
  readonly principalId: string;
  /** The output's `context`, numbers and booleans stringified as API Gateway does. */
  readonly context: Readonly<Record<string, string | null>>;
}

export type AuthorizerDecision =
  | { readonly kind: 'allow'; readonly grant: AuthorizerGrant }
  | { readonly kind: 'refuse'; readonly status: 401 | 403 | 500; readonly message: string };

/** API Gateway refuses a WebSocket authorizer result over 8 KB. */
const MAX_RESULT_BYTES = 8_192;

const UNAUTHORIZED = { kind: 'refuse', status: 401, message: 'Unauthorized' } as const;
const MALFORMED = { kind: 'refuse', status: 500, message: 'Internal server error' } as const;
const EXPLICIT_DENY = {
  kind: 'refuse',
  status: 403,
  message: 'User is not authorized to access this resource with an explicit deny',
} as const;
const NO_ALLOW = {
  kind: 'refuse',
  status: 403,
  message: 'User is not authorized to access this resource',
} as const;

/**
 * How API Gateway answers a Lambda REQUEST authorizer's outcome on `$connect`, with the same
 * policy rules as the REST API's: the error `Unauthorized` is 401; an explicit Deny, or no
 * Allow, covering the method ARN is 403; any other error or a malformed result is 500.
 */
export function decideAuthorization(outcome: InvokeOutcome, methodArn: string): AuthorizerDecision {
  if (!outcome.ok) return outcome.error.errorMessage === 'Unauthorized' ? UNAUTHORIZED : MALFORMED;
  if (Buffer.byteLength(JSON.stringify(outcome.payload ?? null)) > MAX_RESULT_BYTES) return MALFORMED;
  const parsed = parseAuthorizerOutput(outcome.payload);
  if (!parsed.ok) return MALFORMED;
  const { principalId, statements, context } = parsed.result;
  switch (evaluatePolicy(statements, methodArn)) {
    case 'EXPLICIT_DENY':
      return EXPLICIT_DENY;
    case 'IMPLICIT_DENY':
      return NO_ALLOW;
    case 'ALLOW':
      return {
        kind: 'allow',
        grant: {
          principalId,
          context: Object.fromEntries(
            Object.entries(context).map(([key, value]) => [key, value === null ? null : String(value)]),
          ),
        },
      };
  }
}
