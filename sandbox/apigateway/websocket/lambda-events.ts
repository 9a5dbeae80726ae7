import type { AuthorizerGrant } from './authorize';
import { formatRequestTime } from '../request-context';
import { headerValues, type ClientRequest } from './handshake-request';
import type { WebSocketApiModel } from './model';

/** What stays true of a connection for every event it causes. */
export interface ConnectionFacts {
  readonly api: Pick<
    WebSocketApiModel,
    'apiId' | 'stageName' | 'domainName' | 'stageVariables' | 'region' | 'accountId'
  >;
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
}

/** One invocation's own ids and time. */
export interface RequestFacts {
  readonly requestId: string;
  readonly requestTimeEpoch: number;
}

type Headers = Record<string, string[]>;

/** Headers that end at API Gateway: the integration never sees them. */
const HOP_BY_HOP = new Set(['connection', 'upgrade']);

/** The method ARN a `$connect` authorizer's policy must cover. */
export function connectMethodArnOf(api: ConnectionFacts['api']): string {
  return `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${api.stageName}/$connect`;
}

function withoutHeaders(
  headers: Readonly<Record<string, readonly string[]>>,
  names: ReadonlySet<string>,
): Headers {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([key]) => !names.has(key.toLowerCase()))
      .map(([key, values]) => [key, [...values]]),
  );
}

/** The headers API Gateway adds on the way in; a client's own `X-Forwarded-For` is extended, not replaced. */
function forwardedHeaders(request: ClientRequest, traceId: string): Headers {
  const added = ['x-amzn-trace-id', 'x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto'];
  const forwardedFor = [...headerValues(request.headers, 'x-forwarded-for'), request.sourceIp].join(', ');
  return {
    ...withoutHeaders(request.headers, new Set(added)),
    'X-Amzn-Trace-Id': [traceId],
    'X-Forwarded-For': [forwardedFor],
    'X-Forwarded-Port': [String(request.localPort)],
    'X-Forwarded-Proto': ['http'],
  };
}

function singleValued(headers: Headers): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, values]) => [key, values[values.length - 1]]));
}

function identityOf(facts: ConnectionFacts): Record<string, string> {
  return facts.userAgent === undefined
    ? { sourceIp: facts.sourceIp }
    : { sourceIp: facts.sourceIp, userAgent: facts.userAgent };
}

interface ContextOptions {
  readonly routeKey: string;
  readonly eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  readonly messageId?: string;
  readonly disconnect?: { readonly code: number; readonly reason: string };
  readonly authorizer?: Record<string, string | number | null>;
}

/** `requestContext`, its keys in the order captured AWS events show them. */
function requestContextOf(facts: ConnectionFacts, request: RequestFacts, options: ContextOptions) {
  return {
    routeKey: options.routeKey,
    ...(options.messageId === undefined ? {} : { messageId: options.messageId }),
    ...(options.disconnect === undefined ? {} : { disconnectStatusCode: options.disconnect.code }),
    eventType: options.eventType,
    extendedRequestId: request.requestId,
    requestTime: formatRequestTime(request.requestTimeEpoch),
    messageDirection: 'IN',
    ...(options.disconnect === undefined ? {} : { disconnectReason: options.disconnect.reason }),
    stage: facts.api.stageName,
    connectedAt: facts.connectedAt,
    requestTimeEpoch: request.requestTimeEpoch,
    identity: identityOf(facts),
    requestId: request.requestId,
    domainName: facts.api.domainName,
    connectionId: facts.connectionId,
    apiId: facts.api.apiId,
    ...(options.authorizer === undefined ? {} : { authorizer: options.authorizer }),
  };
}

function stageVariablesOf(facts: ConnectionFacts) {
  return Object.keys(facts.api.stageVariables).length === 0
    ? {}
    : { stageVariables: { ...facts.api.stageVariables } };
}

/**
 * The `$connect` authorizer's REQUEST event: the handshake's headers (the single-valued map
 * without `Sec-WebSocket-Key`, as captured from AWS), `{}` for an empty query or stage.
 */
export function authorizerEvent(
  facts: ConnectionFacts,
  handshake: ClientRequest,
  request: RequestFacts,
  traceId: string,
) {
  const headers = forwardedHeaders(handshake, traceId);
  return {
    type: 'REQUEST',
    methodArn: connectMethodArnOf(facts.api),
    headers: singleValued(withoutHeaders(headers, new Set(['sec-websocket-key']))),
    multiValueHeaders: headers,
    queryStringParameters: { ...handshake.query?.single },
    multiValueQueryStringParameters: { ...handshake.query?.multi },
    stageVariables: { ...facts.api.stageVariables },
    requestContext: requestContextOf(facts, request, { routeKey: '$connect', eventType: 'CONNECT' }),
  };
}

/** The authorizer's grant as `$connect` sees it, with the time the authorizer took. */
export function connectAuthorizerContext(grant: AuthorizerGrant, integrationLatency: number) {
  return { ...grant.context, principalId: grant.principalId, integrationLatency };
}

/** `requestContext.authorizer` of a connection's events after `$connect`. */
export type AuthorizerContextOfLaterEvents = Readonly<Record<string, string | null>>;

/** The grant as later events of the connection carry it. */
export function laterAuthorizerContext(grant: AuthorizerGrant): AuthorizerContextOfLaterEvents {
  return { ...grant.context, principalId: grant.principalId };
}

/** `$connect`: the handshake's headers and query, the query maps only when there is a query string. */
export function connectEvent(
  facts: ConnectionFacts,
  handshake: ClientRequest,
  request: RequestFacts,
  traceId: string,
  authorizer?: Record<string, string | number | null>,
) {
  const headers = withoutHeaders(forwardedHeaders(handshake, traceId), HOP_BY_HOP);
  return {
    headers: singleValued(headers),
    multiValueHeaders: headers,
    ...(handshake.query === undefined
      ? {}
      : {
          queryStringParameters: { ...handshake.query.single },
          multiValueQueryStringParameters: { ...handshake.query.multi },
        }),
    ...stageVariablesOf(facts),
    requestContext: requestContextOf(facts, request, {
      routeKey: '$connect',
      eventType: 'CONNECT',
      ...(authorizer === undefined ? {} : { authorizer }),
    }),
    isBase64Encoded: false,
  };
}

/** A message: no headers, the frame's text as `body`. */
export function messageEvent(
  facts: ConnectionFacts,
  request: RequestFacts & { readonly messageId: string; readonly routeKey: string; readonly body: string },
  authorizer?: Record<string, string | number | null>,
) {
  return {
    ...stageVariablesOf(facts),
    requestContext: requestContextOf(facts, request, {
      routeKey: request.routeKey,
      eventType: 'MESSAGE',
      messageId: request.messageId,
      ...(authorizer === undefined ? {} : { authorizer }),
    }),
    body: request.body,
    isBase64Encoded: false,
  };
}

/** `$disconnect`: only these four headers, the last two always empty, as AWS sends them. */
export function disconnectEvent(
  facts: ConnectionFacts,
  host: string,
  request: RequestFacts & { readonly code: number; readonly reason: string },
  authorizer?: Record<string, string | number | null>,
) {
  const headers = { Host: host, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' };
  return {
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, [value]])),
    ...stageVariablesOf(facts),
    requestContext: requestContextOf(facts, request, {
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      disconnect: { code: request.code, reason: request.reason },
      ...(authorizer === undefined ? {} : { authorizer }),
    }),
    isBase64Encoded: false,
  };
}
