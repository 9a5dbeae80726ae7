import * as z from 'zod/mini';
import type { CfnTemplate } from '../platform/cloud-assembly';
import { cfnNumber, readProperties } from '../platform/properties';
import type { Resolver } from '../platform/resolver';
import type { AuthType, EventApiModel, LambdaAuthorizerModel, NamespaceModel } from './model';
import { apiArnOf, apiKeyOf, apiIdOf } from './register-apis';
import { eventApiResources } from './template-resources';

const SUPPORTED: readonly string[] = ['API_KEY', 'AWS_IAM', 'AWS_LAMBDA'] satisfies AuthType[];

const authModes = z.array(z.object({ AuthType: z.string() }));

const apiProperties = z.object({
  EventConfig: z.object({
    AuthProviders: z.array(
      z.object({
        AuthType: z.string(),
        LambdaAuthorizerConfig: z.optional(
          z.object({
            AuthorizerUri: z.string(),
            AuthorizerResultTtlInSeconds: z.optional(cfnNumber),
            IdentityValidationExpression: z.optional(z.string()),
          }),
        ),
      }),
    ),
    ConnectionAuthModes: authModes,
    DefaultPublishAuthModes: authModes,
    DefaultSubscribeAuthModes: authModes,
  }),
});

const namespaceProperties = z.object({
  Name: z.string(),
  PublishAuthModes: z.optional(authModes),
  SubscribeAuthModes: z.optional(authModes),
  CodeHandlers: z.optional(z.string()),
  CodeS3Location: z.optional(z.string()),
  HandlerConfigs: z.optional(z.record(z.string(), z.unknown())),
});

function authTypes(modes: readonly { AuthType: string }[], where: string): AuthType[] {
  return modes.map(({ AuthType: type }) => {
    if (!SUPPORTED.includes(type)) {
      throw new Error(
        `${where}: authorization type ${type} is not emulated by the sandbox (only ${SUPPORTED.join(', ')})`,
      );
    }
    return type as AuthType;
  });
}

function lambdaAuthorizerOf(
  providers: z.output<typeof apiProperties>['EventConfig']['AuthProviders'],
  where: string,
): LambdaAuthorizerModel | undefined {
  const config = providers.find(({ AuthType: type }) => type === 'AWS_LAMBDA')?.LambdaAuthorizerConfig;
  if (config === undefined) return undefined;
  const expression = config.IdentityValidationExpression;
  if (config.AuthorizerUri.includes(':function:') === false) {
    throw new Error(`${where}: the Lambda authorizer ${config.AuthorizerUri} is not a function ARN`);
  }
  return {
    functionArn: config.AuthorizerUri,
    resultTtlSeconds: config.AuthorizerResultTtlInSeconds ?? 0,
    ...(expression === undefined || expression === ''
      ? {}
      : { identityValidationExpression: new RegExp(`^(?:${expression})$`) }),
  };
}

function readNamespace(
  properties: Record<string, unknown>,
  resolver: Resolver,
  where: string,
  defaults: { readonly publish: readonly AuthType[]; readonly subscribe: readonly AuthType[] },
): NamespaceModel {
  const namespace = readProperties(namespaceProperties, properties, resolver, where);
  const handlers = Object.keys(namespace.HandlerConfigs ?? {});
  if (namespace.CodeHandlers !== undefined || namespace.CodeS3Location !== undefined || handlers.length > 0) {
    throw new Error(
      `${where}: channel namespace ${namespace.Name} has event handlers (${[...handlers, ...(namespace.CodeHandlers === undefined ? [] : ['CodeHandlers'])].join(', ') || 'CodeS3Location'}), which the sandbox does not run`,
    );
  }
  return {
    name: namespace.Name,
    publishAuthModes:
      namespace.PublishAuthModes === undefined
        ? defaults.publish
        : authTypes(namespace.PublishAuthModes, where),
    subscribeAuthModes:
      namespace.SubscribeAuthModes === undefined
        ? defaults.subscribe
        : authTypes(namespace.SubscribeAuthModes, where),
  };
}

/**
 * Reads every Event API of the template as a plain model: its auth providers (the Lambda
 * authorizer's function), the connection and default auth modes, each namespace with the
 * modes it overrides, and its API keys. Unsupported authorization types (Cognito, OIDC) and
 * namespace handlers stop the start, naming the resource. Call `registerEventApis` and
 * register the functions first.
 */
export function readEventApis(
  stack: { readonly template: CfnTemplate },
  resolver: Resolver,
): EventApiModel[] {
  const { region, accountId } = resolver.pseudoParameters;
  return eventApiResources(stack.template).map(({ api, namespaces, apiKeys }) => {
    const where = `AppSync Event API ${api.logicalId}`;
    const { EventConfig: config } = readProperties(apiProperties, api.properties, resolver, where);
    const authProviders = authTypes(config.AuthProviders, where);
    const lambdaAuthorizer = lambdaAuthorizerOf(config.AuthProviders, where);
    const defaults = {
      publish: authTypes(config.DefaultPublishAuthModes, where),
      subscribe: authTypes(config.DefaultSubscribeAuthModes, where),
    };
    const apiId = apiIdOf(api.logicalId);
    const models = namespaces.map(({ logicalId, properties }) =>
      readNamespace(properties, resolver, `${where}, namespace ${logicalId}`, defaults),
    );
    return {
      logicalId: api.logicalId,
      apiId,
      apiArn: apiArnOf(region, accountId, apiId),
      region,
      accountId,
      authProviders,
      ...(lambdaAuthorizer === undefined ? {} : { lambdaAuthorizer }),
      connectionAuthModes: authTypes(config.ConnectionAuthModes, where),
      namespaces: new Map(models.map((namespace) => [namespace.name, namespace])),
      apiKeys: apiKeys.map(({ logicalId }) => apiKeyOf(logicalId)),
    };
  });
}
