import { sigV4Refusal, type SigV4Expectation } from '../platform/sigv4-check';
import type { AuthHeaders } from './auth-headers';
import type { Channel } from './channels';
import { unauthorized, type EventApiError } from './errors';
import type { EventOperation, LambdaAuthorizer } from './lambda-authorizer';
import type { AuthType, EventApiModel } from './model';

/** What an API needs to check a request's credentials. */
export interface Authorities {
  readonly api: EventApiModel;
  readonly lambda?: LambdaAuthorizer;
  /** The identity the functions sign with, scoped to the sandbox's region and `appsync`. */
  readonly iam: SigV4Expectation;
}

/** A request's credentials and what they are for. */
export interface AuthRequest {
  readonly operation: EventOperation;
  readonly modes: readonly AuthType[];
  readonly headers: AuthHeaders;
  readonly channel?: Channel;
  /**
   * What an IAM caller signed: `POST /event` with this body (the HTTP request's own, or on the
   * socket what AWS's clients sign: `{}` to connect, the message's channel and events after).
   */
  readonly signedBody: string;
}

export type AuthDecision =
  | { readonly ok: true; readonly mode: AuthType }
  | { readonly ok: false; readonly error: EventApiError; readonly why: string };

const isSigV4 = (headers: AuthHeaders): boolean =>
  (headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ');

/** The mode whose credentials the headers carry, among those allowed. */
function modeOf(headers: AuthHeaders, modes: readonly AuthType[]): AuthType | undefined {
  if (modes.includes('AWS_IAM') && isSigV4(headers)) return 'AWS_IAM';
  if (modes.includes('API_KEY') && headers['x-api-key'] !== undefined) return 'API_KEY';
  if (modes.includes('AWS_LAMBDA') && headers.authorization !== undefined && !isSigV4(headers))
    return 'AWS_LAMBDA';
  return undefined;
}

const refuse = (why: string, error = unauthorized()): AuthDecision => ({ ok: false, error, why });

/**
 * Checks a connect, subscribe or publish against the modes allowed for it, as AppSync Events
 * does: the mode is the one whose credentials the headers carry (SigV4, `x-api-key`, or an
 * `Authorization` token for the Lambda authorizer); a request with none of them, or whose
 * credentials fail, is UnauthorizedException. IAM signatures are verified; IAM policies are
 * not evaluated.
 */
export async function authorize(authorities: Authorities, request: AuthRequest): Promise<AuthDecision> {
  const { headers } = request;
  const mode = modeOf(headers, request.modes);
  if (mode === undefined) return refuse(`no credentials for ${request.modes.join(' or ')}`);
  if (mode === 'API_KEY') {
    return authorities.api.apiKeys.includes(headers['x-api-key'] ?? '')
      ? { ok: true, mode }
      : refuse('unknown API key');
  }
  if (mode === 'AWS_IAM') {
    const refusal = await sigV4Refusal(
      { method: 'POST', url: '/event', headers, body: Buffer.from(request.signedBody) },
      authorities.iam,
    );
    return refusal === undefined
      ? { ok: true, mode }
      : refuse(`SigV4: ${refusal.errorType}`, unauthorized(refusal.message));
  }
  if (authorities.lambda === undefined) return refuse('the API has no Lambda authorizer');
  const answer = await authorities.lambda.authorize(request.operation, headers, request.channel);
  return answer.ok ? { ok: true, mode } : refuse(answer.why);
}
