import type { IdentitySource } from '../identity-source';

/**
 * A REST API (API Gateway v1) as the sandbox serves it: plain data read from the template, with
 * every reference already resolved to the ids and ARNs the sandbox registered.
 */

export type TransferMode = 'BUFFERED' | 'STREAM';

export interface LambdaProxyIntegration {
  readonly type: 'AWS_PROXY';
  readonly functionArn: string;
  readonly transferMode: TransferMode;
  readonly timeoutMs: number;
}

/** A MOCK integration answering with its default integration response (CORS preflights). */
export interface MockIntegration {
  readonly type: 'MOCK';
  readonly statusCode: number;
  /** Response header name → mapping expression: `'static'` or `method.request.header.X`, … */
  readonly headers: Readonly<Record<string, string>>;
}

export type Integration = LambdaProxyIntegration | MockIntegration;

export type MethodAuthorization =
  { readonly type: 'NONE' } | { readonly type: 'CUSTOM'; readonly authorizerId: string };

export interface MethodModel {
  /** `GET`, `POST`, …, or `ANY`. */
  readonly httpMethod: string;
  readonly authorization: MethodAuthorization;
  readonly integration: Integration;
}

export interface ResourceModel {
  readonly id: string;
  /** `/`, `/checks`, `/checks/{id}/events`, `/{proxy+}` */
  readonly path: string;
  /** Keyed by HTTP method (`ANY` included). */
  readonly methods: Readonly<Record<string, MethodModel>>;
}

export interface AuthorizerModel {
  readonly id: string;
  readonly name: string;
  readonly type: 'TOKEN' | 'REQUEST';
  readonly functionArn: string;
  readonly identitySources: readonly IdentitySource[];
  readonly validationExpression: string | undefined;
  readonly ttlSeconds: number;
}

export interface GatewayResponseModel {
  readonly type: string;
  readonly statusCode: number | undefined;
  /** Response header name → mapping expression, as for a MOCK integration. */
  readonly headers: Readonly<Record<string, string>>;
  /** Content type → template. */
  readonly templates: Readonly<Record<string, string>>;
}

export interface StageModel {
  readonly name: string;
  readonly deploymentId: string;
  readonly variables: Readonly<Record<string, string>> | null;
}

export interface RestApiModel {
  readonly logicalId: string;
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
  readonly stages: readonly StageModel[];
  readonly resources: readonly ResourceModel[];
  readonly authorizers: Readonly<Record<string, AuthorizerModel>>;
  /** Keyed by response type (`DEFAULT_4XX`, `UNAUTHORIZED`, …). */
  readonly gatewayResponses: Readonly<Record<string, GatewayResponseModel>>;
  readonly binaryMediaTypes: readonly string[];
  /** What the template asks for that the sandbox does not emulate, one line each. */
  readonly warnings: readonly string[];
}
