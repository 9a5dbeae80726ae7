import { resourcesOfType, type SynthesizedStack } from '../../assembly/cloud-assembly';
import type { Resolver } from '../../assembly/resolver';
import { isSupportedMapping, parseIdentitySources } from './request-values';
import { parseLambdaUri } from './integration-uri';
import type {
  AuthorizerModel,
  GatewayResponseModel,
  Integration,
  MethodAuthorization,
  MethodModel,
  ResourceModel,
  RestApiModel,
  StageModel,
} from './model';
import { isRecord } from '../../platform/is-record';

/** API Gateway's default integration timeout for REST APIs. */
const DEFAULT_TIMEOUT_MS = 29_000;
/** CloudFormation's default `AuthorizerResultTtlInSeconds`. */
const DEFAULT_AUTHORIZER_TTL_SECONDS = 300;

type Properties = Record<string, unknown>;
interface Found {
  readonly logicalId: string;
  readonly properties: Properties;
}

function recordOf(value: unknown): Properties {
  return isRecord(value) ? value : {};
}

/** Properties the sandbox neither reads nor knowingly ignores: each becomes a warning. */
function unknownProperties(properties: Properties, known: readonly string[]): string[] {
  return Object.keys(properties).filter((key) => !known.includes(key));
}

class RestApiReader {
  private readonly warnings: string[] = [];

  constructor(
    private readonly stack: SynthesizedStack,
    private readonly resolver: Resolver,
    private readonly api: Found,
    private readonly apiId: string,
  ) {}

  read(sharedWarnings: readonly string[]): RestApiModel {
    const { logicalId, properties } = this.api;
    for (const key of ['Body', 'BodyS3Location', 'CloneFrom']) {
      if (properties[key] !== undefined) {
        throw new Error(
          `REST API ${logicalId} is defined by ${key}: the sandbox reads routes from template resources only`,
        );
      }
    }
    this.warnUnknown(logicalId, properties, [
      'Name',
      'Description',
      'EndpointConfiguration',
      'BinaryMediaTypes',
      'Tags',
    ]);
    const authorizers = this.readAuthorizers();
    const stages = this.readStages();
    if (stages.length === 0) this.warnings.push(`REST API ${logicalId} has no stage: nothing serves it`);
    const resources = this.readResources(authorizers);
    const gatewayResponses = this.readGatewayResponses();
    return {
      logicalId,
      id: this.apiId,
      name: properties.Name === undefined ? logicalId : this.resolver.resolveString(properties.Name),
      region: this.resolver.pseudoParameters.region,
      accountId: this.resolver.pseudoParameters.accountId,
      stages,
      resources,
      authorizers,
      gatewayResponses,
      binaryMediaTypes: this.stringList(properties.BinaryMediaTypes).map((type) => type.replace(/~1/g, '/')),
      warnings: [...this.warnings, ...sharedWarnings],
    };
  }

  private warnUnknown(logicalId: string, properties: Properties, known: readonly string[]): void {
    for (const key of unknownProperties(properties, known)) {
      this.warnings.push(`${logicalId}: ${key} is not emulated`);
    }
  }

  private stringList(value: unknown): string[] {
    if (value === undefined) return [];
    const resolved = this.resolver.resolve(value);
    if (!Array.isArray(resolved)) throw new Error(`Expected a list, got ${JSON.stringify(resolved)}`);
    return resolved.map((item) => this.resolver.resolveString(item));
  }

  /** Resources of one type that belong to this API (`RestApiId` resolves to its id). */
  private ofApi(type: string): Found[] {
    return resourcesOfType(this.stack.template, type).filter(
      ({ properties }) => this.resolver.resolveString(properties.RestApiId) === this.apiId,
    );
  }

  private readStages(): StageModel[] {
    const stages: StageModel[] = [];
    for (const { logicalId, properties } of this.ofApi('AWS::ApiGateway::Stage')) {
      this.warnUnknown(logicalId, properties, [
        'StageName',
        'DeploymentId',
        'RestApiId',
        'Variables',
        'Description',
        'Tags',
        'AccessLogSetting',
        'MethodSettings',
        'TracingEnabled',
      ]);
      const name = this.resolver.resolveString(properties.StageName);
      this.warnStageSettings(name, properties);
      stages.push({
        name,
        deploymentId: this.resolver.resolveString(properties.DeploymentId),
        variables: this.stageVariables(properties.Variables),
      });
    }
    for (const { logicalId, properties } of this.ofApi('AWS::ApiGateway::Deployment')) {
      this.warnUnknown(logicalId, properties, ['RestApiId', 'Description', 'StageName', 'StageDescription']);
      if (properties.StageName === undefined) continue;
      const name = this.resolver.resolveString(properties.StageName);
      const description = recordOf(properties.StageDescription);
      this.warnStageSettings(name, description);
      stages.push({
        name,
        deploymentId: this.resolver.resolveString({ Ref: logicalId }),
        variables: this.stageVariables(description.Variables),
      });
    }
    return stages;
  }

  /** One line per stage for the operational settings the sandbox does not enforce. */
  private warnStageSettings(stage: string, properties: Properties): void {
    const ignored: string[] = [];
    const settings = Array.isArray(properties.MethodSettings) ? properties.MethodSettings.map(recordOf) : [];
    const throttled = settings.filter(
      (s) => s.ThrottlingRateLimit !== undefined || s.ThrottlingBurstLimit !== undefined,
    );
    for (const setting of throttled) {
      ignored.push(
        `throttling (${String(setting.ThrottlingRateLimit ?? '-')}/s, burst ${String(setting.ThrottlingBurstLimit ?? '-')})`,
      );
    }
    if (settings.some((s) => s.CachingEnabled === true) || properties.CacheClusterEnabled === true) {
      ignored.push('response caching');
    }
    if (properties.AccessLogSetting !== undefined)
      ignored.push('access logs (one log line per request instead)');
    if (settings.some((s) => s.LoggingLevel !== undefined || s.DataTraceEnabled === true)) {
      ignored.push('execution logs');
    }
    if (properties.TracingEnabled === true) ignored.push('X-Ray tracing');
    if (ignored.length > 0) this.warnings.push(`stage ${stage}: not emulated: ${ignored.join(', ')}`);
  }

  private stageVariables(value: unknown): Record<string, string> | null {
    const entries = Object.entries(recordOf(value)).map(
      ([key, item]) => [key, this.resolver.resolveString(item)] as const,
    );
    return entries.length === 0 ? null : Object.fromEntries(entries);
  }

  private readAuthorizers(): Record<string, AuthorizerModel> {
    const authorizers: Record<string, AuthorizerModel> = {};
    for (const { logicalId, properties } of this.ofApi('AWS::ApiGateway::Authorizer')) {
      this.warnUnknown(logicalId, properties, [
        'Name',
        'RestApiId',
        'Type',
        'AuthorizerUri',
        'AuthorizerCredentials',
        'IdentitySource',
        'IdentityValidationExpression',
        'AuthorizerResultTtlInSeconds',
      ]);
      const type = String(properties.Type);
      if (type !== 'TOKEN' && type !== 'REQUEST') {
        throw new Error(
          `Authorizer ${logicalId}: type ${type} is not emulated (only Lambda TOKEN and REQUEST)`,
        );
      }
      const uri = this.resolver.resolveString(properties.AuthorizerUri);
      const lambda = parseLambdaUri(uri);
      if (lambda === undefined)
        throw new Error(`Authorizer ${logicalId}: "${uri}" does not invoke a Lambda function`);
      const identitySources = parseIdentitySources(
        properties.IdentitySource === undefined ? '' : this.resolver.resolveString(properties.IdentitySource),
      );
      if (type === 'TOKEN' && (identitySources.length !== 1 || identitySources[0].from !== 'header')) {
        throw new Error(
          `Authorizer ${logicalId}: a TOKEN authorizer needs one method.request.header.* source`,
        );
      }
      const validationExpression =
        properties.IdentityValidationExpression === undefined
          ? undefined
          : this.resolver.resolveString(properties.IdentityValidationExpression);
      if (validationExpression !== undefined) new RegExp(validationExpression);
      const ttl = properties.AuthorizerResultTtlInSeconds;
      const id = this.resolver.resolveString({ Ref: logicalId });
      authorizers[id] = {
        id,
        name: properties.Name === undefined ? logicalId : this.resolver.resolveString(properties.Name),
        type,
        functionArn: lambda.functionArn,
        identitySources,
        validationExpression,
        ttlSeconds: ttl === undefined ? DEFAULT_AUTHORIZER_TTL_SECONDS : Number(this.resolver.resolve(ttl)),
      };
    }
    return authorizers;
  }

  private readGatewayResponses(): Record<string, GatewayResponseModel> {
    const responses: Record<string, GatewayResponseModel> = {};
    for (const { logicalId, properties } of this.ofApi('AWS::ApiGateway::GatewayResponse')) {
      this.warnUnknown(logicalId, properties, [
        'RestApiId',
        'ResponseType',
        'StatusCode',
        'ResponseParameters',
        'ResponseTemplates',
      ]);
      const type = this.resolver.resolveString(properties.ResponseType);
      responses[type] = {
        type,
        statusCode:
          properties.StatusCode === undefined
            ? undefined
            : Number(this.resolver.resolveString(properties.StatusCode)),
        headers: this.responseHeaders(logicalId, properties.ResponseParameters, 'gatewayresponse.header.'),
        templates: this.stringMap(properties.ResponseTemplates),
      };
    }
    return responses;
  }

  private stringMap(value: unknown): Record<string, string> {
    return Object.fromEntries(
      Object.entries(recordOf(value)).map(([key, item]) => [key, this.resolver.resolveString(item)]),
    );
  }

  /** `{prefix}Name: expression` entries as header name → expression; warns about what it cannot map. */
  private responseHeaders(logicalId: string, value: unknown, prefix: string): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [key, expression] of Object.entries(this.stringMap(value))) {
      if (!key.startsWith(prefix)) {
        this.warnings.push(`${logicalId}: response parameter ${key} is not emulated`);
      } else if (!isSupportedMapping(expression)) {
        this.warnings.push(`${logicalId}: response parameter ${key} = ${expression} is not emulated`);
      } else {
        headers[key.slice(prefix.length)] = expression;
      }
    }
    return headers;
  }

  private readResources(authorizers: Record<string, AuthorizerModel>): ResourceModel[] {
    const rootId = this.resolver.getAtt(this.api.logicalId, 'RootResourceId');
    const parents = new Map<string, { readonly parentId: string; readonly pathPart: string }>();
    for (const { logicalId, properties } of this.ofApi('AWS::ApiGateway::Resource')) {
      this.warnUnknown(logicalId, properties, ['RestApiId', 'ParentId', 'PathPart']);
      parents.set(this.resolver.resolveString({ Ref: logicalId }), {
        parentId: this.resolver.resolveString(properties.ParentId),
        pathPart: this.resolver.resolveString(properties.PathPart),
      });
    }
    const pathOf = (id: string, seen: readonly string[] = []): string => {
      if (id === rootId) return '/';
      const entry = parents.get(id);
      if (entry === undefined || seen.includes(id))
        throw new Error(`REST API resource ${id} has no path to the root`);
      const parentPath = pathOf(entry.parentId, [...seen, id]);
      return `${parentPath === '/' ? '' : parentPath}/${entry.pathPart}`;
    };
    const methods = new Map<string, Record<string, MethodModel>>([[rootId, {}]]);
    for (const id of parents.keys()) methods.set(id, {});
    for (const { logicalId, properties } of this.ofApi('AWS::ApiGateway::Method')) {
      const resourceId = this.resolver.resolveString(properties.ResourceId);
      const forResource = methods.get(resourceId);
      if (forResource === undefined) throw new Error(`Method ${logicalId}: unknown resource ${resourceId}`);
      const method = this.readMethod(logicalId, properties, pathOf(resourceId), authorizers);
      forResource[method.httpMethod] = method;
    }
    return [...methods.entries()].map(([id, byVerb]) => ({ id, path: pathOf(id), methods: byVerb }));
  }

  private readMethod(
    logicalId: string,
    properties: Properties,
    path: string,
    authorizers: Record<string, AuthorizerModel>,
  ): MethodModel {
    this.warnUnknown(logicalId, properties, [
      'RestApiId',
      'ResourceId',
      'HttpMethod',
      'AuthorizationType',
      'AuthorizerId',
      'ApiKeyRequired',
      'Integration',
      'MethodResponses',
      'OperationName',
    ]);
    const httpMethod = this.resolver.resolveString(properties.HttpMethod).toUpperCase();
    const name = `${logicalId} (${httpMethod} ${path})`;
    if (properties.ApiKeyRequired === true) this.warnings.push(`${name}: API keys are not checked`);
    return {
      httpMethod,
      authorization: this.readAuthorization(name, properties, authorizers),
      integration: this.readIntegration(name, recordOf(properties.Integration)),
    };
  }

  private readAuthorization(
    name: string,
    properties: Properties,
    authorizers: Record<string, AuthorizerModel>,
  ): MethodAuthorization {
    const type = properties.AuthorizationType === undefined ? 'NONE' : String(properties.AuthorizationType);
    if (type === 'NONE') return { type };
    if (type !== 'CUSTOM') throw new Error(`${name}: authorization ${type} is not emulated`);
    const authorizerId = this.resolver.resolveString(properties.AuthorizerId);
    if (authorizers[authorizerId] === undefined)
      throw new Error(`${name}: unknown authorizer ${authorizerId}`);
    return { type, authorizerId };
  }

  private readIntegration(name: string, integration: Properties): Integration {
    const type = String(integration.Type);
    if (type === 'AWS_PROXY') return this.readProxyIntegration(name, integration);
    if (type === 'MOCK') return this.readMockIntegration(name, integration);
    throw new Error(`${name}: integration type ${type} is not emulated (only AWS_PROXY to Lambda, and MOCK)`);
  }

  private readProxyIntegration(name: string, integration: Properties): Integration {
    for (const key of unknownProperties(integration, [
      'Type',
      'Uri',
      'IntegrationHttpMethod',
      'ResponseTransferMode',
      'TimeoutInMillis',
      'Credentials',
      'PassthroughBehavior',
    ])) {
      this.warnings.push(`${name}: integration ${key} is not emulated`);
    }
    const uri = this.resolver.resolveString(integration.Uri);
    const lambda = parseLambdaUri(uri);
    if (lambda === undefined)
      throw new Error(`${name}: AWS_PROXY integration "${uri}" does not invoke a Lambda function`);
    if (integration.IntegrationHttpMethod !== 'POST') {
      throw new Error(`${name}: a Lambda proxy integration must use IntegrationHttpMethod POST`);
    }
    const transferMode = integration.ResponseTransferMode === 'STREAM' ? 'STREAM' : 'BUFFERED';
    if (lambda.streaming !== (transferMode === 'STREAM')) {
      this.warnings.push(
        `${name}: ResponseTransferMode ${transferMode} with URI ${uri}; the sandbox follows the mode`,
      );
    }
    const timeout = integration.TimeoutInMillis;
    return {
      type: 'AWS_PROXY',
      functionArn: lambda.functionArn,
      transferMode,
      timeoutMs: timeout === undefined ? DEFAULT_TIMEOUT_MS : Number(this.resolver.resolve(timeout)),
    };
  }

  private readMockIntegration(name: string, integration: Properties): Integration {
    for (const key of unknownProperties(integration, [
      'Type',
      'IntegrationResponses',
      'RequestTemplates',
      'PassthroughBehavior',
    ])) {
      this.warnings.push(`${name}: integration ${key} is not emulated`);
    }
    const responses = Array.isArray(integration.IntegrationResponses)
      ? integration.IntegrationResponses.map(recordOf)
      : [];
    const chosen = responses.find((response) => !response.SelectionPattern) ?? responses[0];
    if (chosen === undefined) throw new Error(`${name}: MOCK integration has no integration response`);
    if (responses.length > 1) {
      this.warnings.push(`${name}: MOCK answers with its default integration response only`);
    }
    if (Object.keys(recordOf(chosen.ResponseTemplates)).length > 0) {
      this.warnings.push(`${name}: MOCK response templates are not rendered`);
    }
    return {
      type: 'MOCK',
      statusCode: Number(this.resolver.resolveString(chosen.StatusCode)),
      headers: this.responseHeaders(name, chosen.ResponseParameters, 'method.response.header.'),
    };
  }
}

/** REST API v1 types the sandbox reads, or knowingly leaves aside (account-wide logging role). */
const READ_TYPES = [
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::GatewayResponse',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Account',
];

/**
 * The stack's REST APIs as plain models. What would change who may call what, or what answers,
 * and cannot be emulated fails here, naming the resource; operational settings the sandbox
 * does not enforce (throttling, logs, API keys, …) become the model's warnings.
 */
export function readRestApis(stack: SynthesizedStack, resolver: Resolver): RestApiModel[] {
  const others = Object.entries(stack.template.Resources)
    .filter(
      ([, resource]) => resource.Type.startsWith('AWS::ApiGateway::') && !READ_TYPES.includes(resource.Type),
    )
    .map(([logicalId, resource]) => `${logicalId}: ${resource.Type} is not emulated`);
  return resourcesOfType(stack.template, 'AWS::ApiGateway::RestApi').map((api) =>
    new RestApiReader(stack, resolver, api, resolver.resolveString({ Ref: api.logicalId })).read(others),
  );
}
