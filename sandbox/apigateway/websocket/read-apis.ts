import type { CfnTemplate } from '../../assembly/cloud-assembly';
import type { Resolver } from '../../assembly/resolver';
import type { WebSocketApiModel, WebSocketAuthorizerModel, WebSocketRouteModel } from './model';
import { executeApiDomainOf } from '../ids';
import { webSocketApiResources, type TemplateResource } from './template-resources';

/** API Gateway's default and maximum integration timeout for WebSocket APIs. */
const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

/** `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations` */
const LAMBDA_INVOCATION_URI = /^arn:[^:]+:apigateway:[^:]*:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/;

/** The function a Lambda integration or authorizer URI invokes. */
export function functionArnOfUri(uri: string, owner: string): string {
  const match = LAMBDA_INVOCATION_URI.exec(uri);
  if (match !== null) return match[1];
  if (uri.startsWith('arn:') && uri.includes(':lambda:')) return uri;
  throw new Error(
    `${owner}: "${uri}" is not a Lambda function URI; the sandbox runs only Lambda integrations`,
  );
}

function optionalString(resolver: Resolver, value: unknown): string | undefined {
  return value === undefined ? undefined : resolver.resolveString(value);
}

function stringMap(resolver: Resolver, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  const resolved = resolver.resolve(value);
  if (typeof resolved !== 'object' || resolved === null || Array.isArray(resolved)) return {};
  return Object.fromEntries(Object.entries(resolved).map(([key, item]) => [key, String(item)]));
}

function byRef(resolver: Resolver, resources: readonly TemplateResource[]): Map<string, TemplateResource> {
  return new Map(
    resources.map((resource) => [resolver.resolveString({ Ref: resource.logicalId }), resource]),
  );
}

function readAuthorizer(resolver: Resolver, authorizer: TemplateResource): WebSocketAuthorizerModel {
  const { properties, logicalId } = authorizer;
  if (properties.AuthorizerType !== 'REQUEST') {
    throw new Error(
      `Authorizer ${logicalId}: a WebSocket API authorizer is REQUEST, not ${String(properties.AuthorizerType)}`,
    );
  }
  const identitySources = resolver.resolve(properties.IdentitySource ?? []);
  return {
    authorizerId: resolver.resolveString({ Ref: logicalId }),
    name: optionalString(resolver, properties.Name) ?? logicalId,
    type: 'REQUEST',
    identitySources: Array.isArray(identitySources) ? identitySources.map(String) : [],
    functionArn: functionArnOfUri(
      resolver.resolveString(properties.AuthorizerUri),
      `Authorizer ${logicalId}`,
    ),
  };
}

function readIntegration(resolver: Resolver, integration: TemplateResource) {
  const { properties, logicalId } = integration;
  if (properties.IntegrationType !== 'AWS_PROXY') {
    throw new Error(
      `Integration ${logicalId}: the sandbox runs only AWS_PROXY (Lambda) integrations, not ${String(properties.IntegrationType)}`,
    );
  }
  const timeout =
    properties.TimeoutInMillis === undefined
      ? undefined
      : Number(resolver.resolve(properties.TimeoutInMillis));
  return {
    functionArn: functionArnOfUri(
      resolver.resolveString(properties.IntegrationUri),
      `Integration ${logicalId}`,
    ),
    integrationTimeoutMs: timeout ?? DEFAULT_INTEGRATION_TIMEOUT_MS,
  };
}

function authorizationTypeOf(
  value: string | undefined,
  logicalId: string,
): WebSocketRouteModel['authorizationType'] {
  const type = value ?? 'NONE';
  if (type === 'NONE' || type === 'CUSTOM' || type === 'AWS_IAM') return type;
  throw new Error(`Route ${logicalId}: a WebSocket route's AuthorizationType cannot be ${type}`);
}

/**
 * Reads every deployed stage of every WebSocket API in the template as a plain model: its
 * routes with the function each invokes, the `$connect` authorizer, and which routes send the
 * integration's response back. Call `registerWebSocketApis` first, and register the functions:
 * `Ref`s to the API's children and the functions' `Arn`s are resolved through the resolver.
 */
export function readWebSocketApis(
  stack: { readonly template: CfnTemplate },
  resolver: Resolver,
): WebSocketApiModel[] {
  const { region, accountId } = resolver.pseudoParameters;
  return webSocketApiResources(stack.template).flatMap((resources) => {
    const { api } = resources;
    const apiId = resolver.resolveString({ Ref: api.logicalId });
    const integrations = byRef(resolver, resources.integrations);
    const authorizers = byRef(resolver, resources.authorizers);
    const routesWithResponse = new Set(
      resources.routeResponses.map((response) => resolver.resolveString(response.properties.RouteId)),
    );
    const routes = resources.routes.map((route): WebSocketRouteModel => {
      const { properties, logicalId } = route;
      const routeId = resolver.resolveString({ Ref: logicalId });
      const target = optionalString(resolver, properties.Target);
      const integration =
        target === undefined ? undefined : integrations.get(target.replace(/^integrations\//, ''));
      if (integration === undefined) {
        throw new Error(
          `Route ${logicalId}: its target "${target ?? ''}" is no integration of API ${api.logicalId}`,
        );
      }
      const authorizerId = optionalString(resolver, properties.AuthorizerId);
      const authorizer = authorizerId === undefined ? undefined : authorizers.get(authorizerId);
      if (authorizerId !== undefined && authorizer === undefined) {
        throw new Error(
          `Route ${logicalId}: authorizer "${authorizerId}" is no authorizer of API ${api.logicalId}`,
        );
      }
      const selection = optionalString(resolver, properties.RouteResponseSelectionExpression);
      return {
        routeId,
        routeKey: resolver.resolveString(properties.RouteKey),
        ...readIntegration(resolver, integration),
        authorizationType: authorizationTypeOf(
          optionalString(resolver, properties.AuthorizationType),
          logicalId,
        ),
        ...(authorizer === undefined ? {} : { authorizer: readAuthorizer(resolver, authorizer) }),
        returnsResponse: routesWithResponse.has(routeId),
        ...(selection === undefined ? {} : { routeResponseSelectionExpression: selection }),
      };
    });
    // An API without a stage is not deployed: nothing can connect to it.
    return resources.stages.map((stage) => ({
      logicalId: api.logicalId,
      apiId,
      region,
      accountId,
      domainName: executeApiDomainOf(apiId, region),
      stageName: resolver.resolveString(stage.properties.StageName),
      stageVariables: stringMap(resolver, stage.properties.StageVariables),
      routeSelectionExpression: resolver.resolveString(api.properties.RouteSelectionExpression),
      routes,
    }));
  });
}
