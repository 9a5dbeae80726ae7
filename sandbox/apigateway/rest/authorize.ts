import type { Invoker } from '../../lambda/invoker';
import type { AuthorizerCache } from './authorizer-cache';
import {
  accessDenied,
  authorizerConfigurationError,
  unauthorized,
  type GatewayError,
} from '../gateway-errors';
import { identityValue, type RequestValues } from './request-values';
import type { AuthorizerModel } from './model';
import {
  authorizerContextOf,
  evaluatePolicy,
  methodArnOf,
  parseAuthorizerOutput,
  type AuthorizerResult,
} from '../policy';
import {
  eventPath,
  requestContextOf,
  requestFields,
  type ApiFacts,
  type AuthorizerContext,
  type RequestFacts,
  type RouteFacts,
} from './proxy-event';

export type AuthorizationOutcome =
  | { readonly ok: true; readonly context: AuthorizerContext }
  | { readonly ok: false; readonly error: GatewayError; readonly reason: string };

export interface AuthorizeRequest {
  readonly authorizer: AuthorizerModel;
  readonly invoker: Invoker;
  readonly cache: AuthorizerCache;
  readonly api: ApiFacts;
  readonly request: RequestFacts;
  readonly route: RouteFacts;
  readonly values: RequestValues;
  readonly now: () => number;
}

const refused = (error: GatewayError, reason: string): AuthorizationOutcome => ({ ok: false, error, reason });

/**
 * The identity an authorizer is called with and cached under, or the reason API Gateway answers
 * 401 without calling it: a missing or empty source, or a token failing the validation expression.
 * REQUEST sources are only required when results are cached.
 */
function identityOf(
  authorizer: AuthorizerModel,
  values: RequestValues,
): { key: string } | { missing: string } {
  const found = authorizer.identitySources.map((source) => identityValue(source, values));
  if (authorizer.type === 'TOKEN') {
    const token = found[0];
    if (token === undefined || token === '') return { missing: 'no token' };
    const expression = authorizer.validationExpression;
    if (expression !== undefined && !new RegExp(`^(?:${expression})$`).test(token)) {
      return { missing: 'the token fails the validation expression' };
    }
    return { key: token };
  }
  if (authorizer.ttlSeconds > 0 && found.some((value) => value === undefined || value === '')) {
    return { missing: 'an identity source is missing' };
  }
  return { key: JSON.stringify(found) };
}

function authorizerEvent(input: AuthorizeRequest, methodArn: string, token: string): unknown {
  const { authorizer, api, request, route } = input;
  if (authorizer.type === 'TOKEN') return { type: 'TOKEN', authorizationToken: token, methodArn };
  return {
    type: 'REQUEST',
    methodArn,
    ...requestFields(api, request, route),
    requestContext: requestContextOf(api, request, route),
  };
}

async function invokeAuthorizer(
  input: AuthorizeRequest,
  methodArn: string,
  token: string,
): Promise<{ result: AuthorizerResult } | AuthorizationOutcome> {
  let outcome;
  try {
    outcome = await input.invoker.invoke(
      input.authorizer.functionArn,
      authorizerEvent(input, methodArn, token),
    );
  } catch (error) {
    return refused(authorizerConfigurationError(), `the authorizer could not be invoked: ${String(error)}`);
  }
  if (!outcome.ok) {
    // Only this exact message means "deny with 401"; any other failure is a configuration error.
    if (outcome.error.errorMessage === 'Unauthorized')
      return refused(unauthorized(), 'the authorizer said Unauthorized');
    return refused(authorizerConfigurationError(), `the authorizer failed: ${outcome.error.errorMessage}`);
  }
  const parsed = parseAuthorizerOutput(outcome.payload);
  if (!parsed.ok)
    return refused(authorizerConfigurationError(), `malformed authorizer output: ${parsed.reason}`);
  return { result: parsed.result };
}

/** Runs a method's Lambda authorizer as API Gateway does, cache included. */
export async function authorize(input: AuthorizeRequest): Promise<AuthorizationOutcome> {
  const { authorizer, cache, api, request, values, now } = input;
  const identity = identityOf(authorizer, values);
  if ('missing' in identity) return refused(unauthorized(), identity.missing);
  const methodArn = methodArnOf(api, request.stage, request.httpMethod, eventPath(request));
  const cacheKey = `${authorizer.id}\n${identity.key}`;
  let result = authorizer.ttlSeconds > 0 ? cache.get(cacheKey) : undefined;
  let latency = 0;
  if (result === undefined) {
    const startedAt = now();
    const invoked = await invokeAuthorizer(input, methodArn, identity.key);
    if (!('result' in invoked)) return invoked;
    latency = now() - startedAt;
    result = invoked.result;
    if (authorizer.ttlSeconds > 0) cache.set(cacheKey, result, authorizer.ttlSeconds);
  }
  const decision = evaluatePolicy(result.statements, methodArn);
  if (decision !== 'ALLOW') {
    return refused(accessDenied(decision === 'EXPLICIT_DENY'), `the policy does not allow ${methodArn}`);
  }
  return { ok: true, context: authorizerContextOf(result, latency) };
}
