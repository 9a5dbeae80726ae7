/** The authorization types the sandbox emulates; the others are refused at start. */
export type AuthType = 'API_KEY' | 'AWS_IAM' | 'AWS_LAMBDA';

export interface LambdaAuthorizerModel {
  readonly functionArn: string;
  /** 0 disables caching, as AWS's default. */
  readonly resultTtlSeconds: number;
  /** Tokens that do not match are refused without invoking the function. */
  readonly identityValidationExpression?: RegExp;
}

export interface NamespaceModel {
  readonly name: string;
  readonly publishAuthModes: readonly AuthType[];
  readonly subscribeAuthModes: readonly AuthType[];
}

/** One `AWS::AppSync::Api` with an `EventConfig`, and its namespaces and API keys. */
export interface EventApiModel {
  readonly logicalId: string;
  readonly apiId: string;
  readonly apiArn: string;
  readonly region: string;
  readonly accountId: string;
  readonly authProviders: readonly AuthType[];
  readonly lambdaAuthorizer?: LambdaAuthorizerModel;
  readonly connectionAuthModes: readonly AuthType[];
  readonly namespaces: ReadonlyMap<string, NamespaceModel>;
  readonly apiKeys: readonly string[];
}

/** The host names AWS gives the API, which the resolver rewrites to the local server. */
export interface RegisteredEventApi {
  readonly logicalId: string;
  readonly apiId: string;
  readonly httpDomain: string;
  readonly realtimeDomain: string;
}

/** AWS AppSync Events' quotas (https://docs.aws.amazon.com/general/latest/gr/appsync.html). */
export const EVENT_API_LIMITS = {
  eventsPerPublish: 5,
  eventBytes: 240 * 1024,
  publishPayloadBytes: Math.floor(1.2 * 1024 * 1024),
  subscriptionsPerConnection: 200,
  connectionTimeoutMs: 300_000,
  keepAliveIntervalMs: 60_000,
  maxConnectionMs: 24 * 60 * 60 * 1000,
} as const;

export type EventApiLimits = { readonly [key in keyof typeof EVENT_API_LIMITS]: number };
