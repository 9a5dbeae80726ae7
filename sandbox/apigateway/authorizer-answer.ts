import type { InvokeOutcome } from '../lambda/invoker';
import {
  accessDenied,
  authorizerConfigurationError,
  unauthorized,
  type GatewayError,
} from './gateway-errors';
import { evaluatePolicy, parseAuthorizerOutput, type AuthorizerResult } from './policy';

/** An answer API Gateway gives instead of calling the integration, and why, for the log. */
export interface Refusal {
  readonly error: GatewayError;
  readonly reason: string;
}

export type AuthorizerAnswer =
  { readonly ok: true; readonly result: AuthorizerResult } | ({ readonly ok: false } & Refusal);

const refused = (error: GatewayError, reason: string): AuthorizerAnswer => ({ ok: false, error, reason });

/**
 * A Lambda authorizer's outcome as both kinds of API read it: only the error `Unauthorized`
 * means 401; any other failure, a result over `maxResultBytes`, or an output that is not a
 * policy is a configuration error (500).
 */
export function authorizerAnswer(outcome: InvokeOutcome, maxResultBytes?: number): AuthorizerAnswer {
  if (!outcome.ok) {
    if (outcome.error.errorMessage === 'Unauthorized')
      return refused(unauthorized(), 'the authorizer said Unauthorized');
    return refused(authorizerConfigurationError(), `the authorizer failed: ${outcome.error.errorMessage}`);
  }
  if (
    maxResultBytes !== undefined &&
    Buffer.byteLength(JSON.stringify(outcome.payload ?? null)) > maxResultBytes
  ) {
    return refused(authorizerConfigurationError(), `the authorizer's result exceeds ${maxResultBytes} bytes`);
  }
  const parsed = parseAuthorizerOutput(outcome.payload);
  if (!parsed.ok)
    return refused(authorizerConfigurationError(), `malformed authorizer output: ${parsed.reason}`);
  return { ok: true, result: parsed.result };
}

/** The 403 when the policy does not allow the method: an explicit Deny, or no Allow. */
export function policyRefusal(result: AuthorizerResult, methodArn: string): Refusal | undefined {
  const decision = evaluatePolicy(result.statements, methodArn);
  if (decision === 'ALLOW') return undefined;
  return {
    error: accessDenied(decision === 'EXPLICIT_DENY'),
    reason: `the policy does not allow ${methodArn}`,
  };
}
