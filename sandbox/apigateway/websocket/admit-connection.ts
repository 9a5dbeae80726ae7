import type { Invoker } from '../../lambda/invoker';
import { newTraceId } from '../ids';
import { authorizeConnect, type AuthorizerGrant, type ConnectAuthorization } from './authorize';
import type { ClientRequest } from './handshake-request';
import { connectDecision } from './integration-results';
import { invokeIntegration } from './invoke-integration';
import { connectEvent, type ConnectionFacts } from './lambda-events';
import type { WebSocketApiModel } from './model';

export type Admission =
  | { readonly kind: 'accept'; readonly grant?: AuthorizerGrant; readonly subprotocol?: string }
  | { readonly kind: 'refuse'; readonly status: number; readonly message: string; readonly why: string };

export interface AdmissionDeps {
  readonly api: WebSocketApiModel;
  readonly invoker: Invoker;
}

/**
 * Runs `$connect` as API Gateway does before it answers the upgrade: the authorizer first,
 * then the integration, whose failure or non-2xx status refuses the connection.
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
  let authorization: (ConnectAuthorization & { kind: 'allow' }) | undefined;
  if (route.authorizationType === 'CUSTOM' && route.authorizer !== undefined) {
    const authorized = await authorizeConnect({
      api,
      invoker,
      authorizer: route.authorizer,
      facts,
      handshake,
      requestId,
      traceId,
    });
    if (authorized.kind === 'refuse') return authorized;
    authorization = authorized;
  }
  const event = connectEvent(
    facts,
    handshake,
    { requestId, requestTimeEpoch: Date.now() },
    traceId,
    authorization?.context,
  );
  const decision = connectDecision(
    await invokeIntegration(invoker, route.functionArn, event, route.integrationTimeoutMs),
  );
  if (decision.kind === 'refuse') return { ...decision, why: '$connect integration refused' };
  return { ...decision, ...(authorization === undefined ? {} : { grant: authorization.grant }) };
}
