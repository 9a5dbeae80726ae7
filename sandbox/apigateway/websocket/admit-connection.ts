import type { Invoker } from '../../lambda/invoker';
import { decideAuthorization, type AuthorizerGrant } from './authorize';
import { newTraceId } from './aws-ids';
import type { ClientRequest } from './handshake-request';
import { missingIdentitySource } from './identity-sources';
import { connectDecision } from './integration-results';
import { invokeIntegration, invokeSafely } from './invoke-integration';
import {
  authorizerEvent,
  connectAuthorizerContext,
  connectEvent,
  connectMethodArnOf,
  type ConnectionFacts,
} from './lambda-events';
import type { WebSocketApiModel } from './model';

export type Admission =
  | { readonly kind: 'accept'; readonly grant?: AuthorizerGrant; readonly subprotocol?: string }
  | { readonly kind: 'refuse'; readonly status: number; readonly message: string; readonly why: string };

export interface AdmissionDeps {
  readonly api: WebSocketApiModel;
  readonly invoker: Invoker;
}

/**
 * Runs `$connect` as API Gateway does before it answers the upgrade: the authorizer first
 * (401 without invoking it when an identity source is missing), then the integration, whose
 * failure or non-2xx status refuses the connection.
 */
export async function admitConnection(
  { api, invoker }: AdmissionDeps,
  facts: ConnectionFacts,
  handshake: ClientRequest,
  requestId: string,
): Promise<Admission> {
  const route = api.routes.find(({ routeKey }) => routeKey === '$connect');
  if (route === undefined) return { kind: 'accept' };
  const traceId = newTraceId(facts.connectedAt);
  let grant: AuthorizerGrant | undefined;
  let authorizerContext: ReturnType<typeof connectAuthorizerContext> | undefined;
  if (route.authorizationType === 'CUSTOM' && route.authorizer !== undefined) {
    const missing = missingIdentitySource(route.authorizer.identitySources, handshake, api.stageVariables);
    if (missing !== undefined) {
      return {
        kind: 'refuse',
        status: 401,
        message: 'Unauthorized',
        why: `identity source ${missing} is missing`,
      };
    }
    const started = Date.now();
    const event = authorizerEvent(facts, handshake, { requestId, requestTimeEpoch: started }, traceId);
    const decision = decideAuthorization(
      await invokeSafely(invoker, route.authorizer.functionArn, event),
      connectMethodArnOf(api),
    );
    if (decision.kind === 'refuse')
      return { ...decision, why: `authorizer ${route.authorizer.name} refused` };
    grant = decision.grant;
    authorizerContext = connectAuthorizerContext(grant, Date.now() - started);
  }
  const event = connectEvent(
    facts,
    handshake,
    { requestId, requestTimeEpoch: Date.now() },
    traceId,
    authorizerContext,
  );
  const decision = connectDecision(
    await invokeIntegration(invoker, route.functionArn, event, route.integrationTimeoutMs),
  );
  if (decision.kind === 'refuse') return { ...decision, why: '$connect integration refused' };
  return { ...decision, ...(grant === undefined ? {} : { grant }) };
}
