import type { InvokeOutcome, Invoker } from '../../lambda/invoker';
import { authorizerAnswer, policyRefusal } from '../authorizer-answer';
import type { GatewayError } from '../gateway-errors';
import { stringifiedContext } from '../policy';
import type { ClientRequest } from './handshake-request';
import { missingIdentitySource } from './identity-sources';
import { invokeSafely } from './invoke-integration';
import {
  authorizerEvent,
  connectAuthorizerContext,
  connectMethodArnOf,
  type ConnectionFacts,
} from './lambda-events';
import type { WebSocketApiModel, WebSocketAuthorizerModel } from './model';

/** What the authorizer allowed, as later events carry it in `requestContext.authorizer`. */
export interface AuthorizerGrant {
  readonly principalId: string;
  /** The output's `context`, numbers and booleans stringified as API Gateway does. */
  readonly context: Readonly<Record<string, string | null>>;
}

export type AuthorizerDecision =
  | { readonly kind: 'allow'; readonly grant: AuthorizerGrant }
  | { readonly kind: 'refuse'; readonly status: number; readonly message: string };

/** API Gateway refuses a WebSocket authorizer result over 8 KB. */
const MAX_RESULT_BYTES = 8_192;

/** The upgrade's refusal: the gateway error's status, and its message as the body says it. */
function refusal(error: GatewayError): AuthorizerDecision {
  return { kind: 'refuse', status: error.statusCode, message: error.message ?? 'Internal server error' };
}

/**
 * How API Gateway answers a Lambda REQUEST authorizer's outcome on `$connect`, with the same
 * policy rules as the REST API's: the error `Unauthorized` is 401; an explicit Deny, or no
 * Allow, covering the method ARN is 403; any other error or a malformed result is 500.
 */
export function decideAuthorization(outcome: InvokeOutcome, methodArn: string): AuthorizerDecision {
  const answer = authorizerAnswer(outcome, MAX_RESULT_BYTES);
  if (!answer.ok) return refusal(answer.error);
  const denied = policyRefusal(answer.result, methodArn);
  if (denied !== undefined) return refusal(denied.error);
  const { principalId, context } = answer.result;
  return { kind: 'allow', grant: { principalId, context: stringifiedContext(context) } };
}

export type ConnectAuthorization =
  | {
      readonly kind: 'allow';
      readonly grant: AuthorizerGrant;
      /** `requestContext.authorizer` of the `$connect` event, with the authorizer's latency. */
      readonly context: ReturnType<typeof connectAuthorizerContext>;
    }
  | { readonly kind: 'refuse'; readonly status: number; readonly message: string; readonly why: string };

export interface ConnectAuthorizerCall {
  readonly api: WebSocketApiModel;
  readonly invoker: Invoker;
  readonly authorizer: WebSocketAuthorizerModel;
  readonly facts: ConnectionFacts;
  readonly handshake: ClientRequest;
  readonly requestId: string;
  readonly traceId: string;
}

/** The `$connect` route's authorizer: 401 without invoking it when an identity source is missing. */
export async function authorizeConnect(call: ConnectAuthorizerCall): Promise<ConnectAuthorization> {
  const { api, authorizer, facts, handshake } = call;
  const missing = missingIdentitySource(authorizer.identitySources, handshake, api.stageVariables);
  if (missing !== undefined) {
    return {
      kind: 'refuse',
      status: 401,
      message: 'Unauthorized',
      why: `identity source ${missing} is missing`,
    };
  }
  const started = Date.now();
  const event = authorizerEvent(
    facts,
    handshake,
    { requestId: call.requestId, requestTimeEpoch: started },
    call.traceId,
  );
  const decision = decideAuthorization(
    await invokeSafely(call.invoker, authorizer.functionArn, event),
    connectMethodArnOf(api),
  );
  if (decision.kind === 'refuse') return { ...decision, why: `authorizer ${authorizer.name} refused` };
  return {
    kind: 'allow',
    grant: decision.grant,
    context: connectAuthorizerContext(decision.grant, Date.now() - started),
  };
}
