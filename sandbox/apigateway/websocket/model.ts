/** What the sandbox needs to know of one deployed stage of a WebSocket API, read from the template. */
export interface WebSocketApiModel {
  readonly logicalId: string;
  readonly apiId: string;
  readonly region: string;
  readonly accountId: string;
  /** `{apiId}.execute-api.{region}.amazonaws.com`, as `requestContext.domainName` names it. */
  readonly domainName: string;
  readonly stageName: string;
  readonly stageVariables: Readonly<Record<string, string>>;
  /** For example `$request.body.action`. */
  readonly routeSelectionExpression: string;
  readonly routes: readonly WebSocketRouteModel[];
}

export interface WebSocketRouteModel {
  readonly routeId: string;
  readonly routeKey: string;
  /** The Lambda function of the route's `AWS_PROXY` integration. */
  readonly functionArn: string;
  /** The integration's `TimeoutInMillis` (AWS: 50 ms to 29 s, 29 s by default). */
  readonly integrationTimeoutMs: number;
  readonly authorizationType: 'NONE' | 'CUSTOM' | 'AWS_IAM';
  readonly authorizer?: WebSocketAuthorizerModel;
  /** A `RouteResponse` exists: the integration's response `body` goes back to the client. */
  readonly returnsResponse: boolean;
  readonly routeResponseSelectionExpression?: string;
}

export interface WebSocketAuthorizerModel {
  readonly authorizerId: string;
  readonly name: string;
  readonly type: 'REQUEST';
  /** For example `route.request.querystring.token` or `route.request.header.Auth`. */
  readonly identitySources: readonly string[];
  readonly functionArn: string;
}

/** The quotas API Gateway enforces on every connection; the sandbox lets tests shorten them. */
export interface WebSocketLimits {
  readonly idleTimeoutMs: number;
  readonly maxConnectionMs: number;
  readonly maxFrameBytes: number;
  readonly maxMessageBytes: number;
}

export const AWS_WEBSOCKET_LIMITS: WebSocketLimits = {
  idleTimeoutMs: 600_000,
  maxConnectionMs: 7_200_000,
  maxFrameBytes: 32_768,
  maxMessageBytes: 131_072,
};
