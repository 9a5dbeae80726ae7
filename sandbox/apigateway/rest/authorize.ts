import type { Invoker } from '../../lambda/invoker';
import type { AuthorizerCache } from './authorizer-cache';
import { authorizerAnswer, policyRefusal, type AuthorizerAnswer, type Refusal } from '../authorizer-answer';
import { authorizerConfigurationError, unauthorized, type GatewayError } from '../gateway-errors';
import { identityValue, type RequestValues } from './request-values';
import type { AuthorizerModel } from './model';
import { authorizerContextOf, methodArnOf, type AuthorizerContext } from '../policy';
import {
  eventPath,
  requestContextOf,
  requestFields,
  type ApiFacts,
  type RequestFacts,
  type RouteFacts,
} from './proxy-event';

export type AuthorizationOutcome =
  { readonly ok: true; readonly context: AuthorizerContext } | ({ readonly ok: false } & Refusal);

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
): Promise<AuthorizerAnswer> {
  try {
    const outcome = await input.invoker.invoke(
      input.authorizer.functionArn,
      authorizerEvent(input, methodArn, token),
    );
    return authorizerAnswer(outcome);
  } catch (error) {
    return {
      ok: false,
      error: authorizerConfigurationError(),
      reason: `the authorizer could not be invoked: ${String(error)}`,
    };
  }
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
    if (!invoked.ok) return invoked;
    latency = now() - startedAt;
    result = invoked.result;
    if (authorizer.ttlSeconds > 0) cache.set(cacheKey, result, authorizer.ttlSeconds);
  }
  const refusal = policyRefusal(result, methodArn);
  if (refusal !== undefined) return { ok: false, ...refusal };
  return { ok: true, context: authorizerContextOf(result, latency) };
}
