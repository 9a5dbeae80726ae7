import type { AuthorizerContext } from '../policy';
import { formatRequestTime } from '../request-context';
import { isBinaryMediaType } from './binary-media';
import { headerValue } from './request-values';
import { headerMaps, queryMaps, type HeaderPairs } from './request-maps';

/** What the gateway knows of one request before routing. */
export interface RequestFacts {
  readonly httpMethod: string;
  readonly stage: string;
  /** The raw path after the stage: `''` for `/prod`, `/checks/a%20b` for `/prod/checks/a%20b`. */
  readonly pathAfterStage: string;
  readonly rawQuery: string;
  /** The headers as integrations see them (with the gateway's own, see `withGatewayHeaders`). */
  readonly headerPairs: HeaderPairs;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly protocol: string;
  readonly requestId: string;
  readonly extendedRequestId: string;
  /** Epoch milliseconds. */
  readonly receivedAt: number;
}

export interface ApiFacts {
  readonly apiId: string;
  readonly accountId: string;
  readonly region: string;
  readonly deploymentId: string;
  readonly stageVariables: Readonly<Record<string, string>> | null;
  readonly binaryMediaTypes: readonly string[];
}

export interface RouteFacts {
  readonly resourceId: string;
  readonly resourcePath: string;
  readonly pathParameters: Readonly<Record<string, string>> | null;
}

export interface RequestIdentity {
  readonly cognitoIdentityPoolId: null;
  readonly accountId: null;
  readonly cognitoIdentityId: null;
  readonly caller: null;
  readonly sourceIp: string;
  readonly principalOrgId: null;
  readonly accessKey: null;
  readonly cognitoAuthenticationType: null;
  readonly cognitoAuthenticationProvider: null;
  readonly userArn: null;
  readonly userAgent: string | null;
  readonly user: null;
}

export interface RequestContext {
  readonly resourceId?: string;
  readonly resourcePath?: string;
  readonly httpMethod: string;
  readonly extendedRequestId: string;
  readonly requestTime: string;
  readonly path: string;
  readonly accountId: string;
  readonly protocol: string;
  readonly stage: string;
  readonly domainPrefix: string;
  readonly requestTimeEpoch: number;
  readonly requestId: string;
  readonly identity: RequestIdentity;
  readonly domainName: string;
  readonly deploymentId: string;
  readonly apiId: string;
  readonly authorizer?: AuthorizerContext;
}

export interface ProxyEvent {
  readonly resource: string;
  readonly path: string;
  readonly httpMethod: string;
  readonly headers: Record<string, string>;
  readonly multiValueHeaders: Record<string, string[]>;
  readonly queryStringParameters: Record<string, string> | null;
  readonly multiValueQueryStringParameters: Record<string, string[]> | null;
  readonly pathParameters: Readonly<Record<string, string>> | null;
  readonly stageVariables: Readonly<Record<string, string>> | null;
  readonly requestContext: RequestContext;
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

/** The path an event carries: without the stage, `/` at the root. */
export function eventPath(request: Pick<RequestFacts, 'pathAfterStage'>): string {
  return request.pathAfterStage === '' ? '/' : request.pathAfterStage;
}

export function requestContextOf(
  api: ApiFacts,
  request: Omit<RequestFacts, 'body'>,
  route: RouteFacts | undefined,
  authorizer?: AuthorizerContext,
): RequestContext {
  const { headers } = headerMaps(request.headerPairs);
  const domainName = headerValue(headers, 'host') ?? '';
  return {
    ...(route === undefined ? {} : { resourceId: route.resourceId, resourcePath: route.resourcePath }),
    httpMethod: request.httpMethod,
    extendedRequestId: request.extendedRequestId,
    requestTime: formatRequestTime(request.receivedAt),
    path: `/${request.stage}${request.pathAfterStage}`,
    accountId: api.accountId,
    protocol: request.protocol,
    stage: request.stage,
    domainPrefix: domainName.split('.')[0],
    requestTimeEpoch: request.receivedAt,
    requestId: request.requestId,
    identity: {
      cognitoIdentityPoolId: null,
      accountId: null,
      cognitoIdentityId: null,
      caller: null,
      sourceIp: request.sourceIp,
      principalOrgId: null,
      accessKey: null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
      userArn: null,
      userAgent: headerValue(headers, 'user-agent') ?? null,
      user: null,
    },
    domainName,
    deploymentId: api.deploymentId,
    apiId: api.apiId,
    ...(authorizer === undefined ? {} : { authorizer }),
  };
}

/** The request part every proxy-shaped event shares (a REQUEST authorizer's event too). */
export function requestFields(api: ApiFacts, request: Omit<RequestFacts, 'body'>, route: RouteFacts) {
  return {
    resource: route.resourcePath,
    path: eventPath(request),
    httpMethod: request.httpMethod,
    ...headerMaps(request.headerPairs),
    ...queryMaps(request.rawQuery),
    pathParameters: route.pathParameters,
    stageVariables: api.stageVariables,
  };
}

/** The Lambda proxy integration event, payload format 1.0. */
export function buildProxyEvent(
  api: ApiFacts,
  request: RequestFacts,
  route: RouteFacts,
  authorizer?: AuthorizerContext,
): ProxyEvent {
  const fields = requestFields(api, request, route);
  const binary = isBinaryMediaType(headerValue(fields.headers, 'content-type'), api.binaryMediaTypes);
  const hasBody = request.body.length > 0;
  return {
    ...fields,
    requestContext: requestContextOf(api, request, route, authorizer),
    body: hasBody ? request.body.toString(binary ? 'base64' : 'utf8') : null,
    isBase64Encoded: hasBody && binary,
  };
}
