import type { AuthorizerModel, MethodAuthorization, MethodModel, ResourceModel } from './model';
import { recordOf, type Found, type Properties, type ReadContext } from './read-context';
import { readIntegration } from './read-integrations';

function readAuthorization(
  context: ReadContext,
  name: string,
  properties: Properties,
  authorizers: Record<string, AuthorizerModel>,
): MethodAuthorization {
  const type = properties.AuthorizationType === undefined ? 'NONE' : String(properties.AuthorizationType);
  if (type === 'NONE') return { type };
  if (type !== 'CUSTOM') throw new Error(`${name}: authorization ${type} is not emulated`);
  const authorizerId = context.resolver.resolveString(properties.AuthorizerId);
  if (authorizers[authorizerId] === undefined) throw new Error(`${name}: unknown authorizer ${authorizerId}`);
  return { type, authorizerId };
}

function readMethod(
  context: ReadContext,
  { logicalId, properties }: Found,
  path: string,
  authorizers: Record<string, AuthorizerModel>,
): MethodModel {
  context.warnUnknown(logicalId, properties, [
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
  const httpMethod = context.resolver.resolveString(properties.HttpMethod).toUpperCase();
  const name = `${logicalId} (${httpMethod} ${path})`;
  if (properties.ApiKeyRequired === true) context.warnings.push(`${name}: API keys are not checked`);
  return {
    httpMethod,
    authorization: readAuthorization(context, name, properties, authorizers),
    integration: readIntegration(context, name, recordOf(properties.Integration)),
  };
}

/** Each resource id's path, from the `ParentId` chain up to the root. */
function resourcePaths(
  context: ReadContext,
  rootId: string,
): { readonly ids: string[]; readonly pathOf: (id: string) => string } {
  const { resolver } = context;
  const parents = new Map<string, { readonly parentId: string; readonly pathPart: string }>();
  for (const { logicalId, properties } of context.ofApi('AWS::ApiGateway::Resource')) {
    context.warnUnknown(logicalId, properties, ['RestApiId', 'ParentId', 'PathPart']);
    parents.set(resolver.resolveString({ Ref: logicalId }), {
      parentId: resolver.resolveString(properties.ParentId),
      pathPart: resolver.resolveString(properties.PathPart),
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
  return { ids: [...parents.keys()], pathOf };
}

/** The API's resources (the root included) with their paths and methods. */
export function readResources(
  context: ReadContext,
  apiLogicalId: string,
  authorizers: Record<string, AuthorizerModel>,
): ResourceModel[] {
  const rootId = context.resolver.getAtt(apiLogicalId, 'RootResourceId');
  const { ids, pathOf } = resourcePaths(context, rootId);
  const methods = new Map<string, Record<string, MethodModel>>([[rootId, {}]]);
  for (const id of ids) methods.set(id, {});
  for (const method of context.ofApi('AWS::ApiGateway::Method')) {
    const resourceId = context.resolver.resolveString(method.properties.ResourceId);
    const forResource = methods.get(resourceId);
    if (forResource === undefined)
      throw new Error(`Method ${method.logicalId}: unknown resource ${resourceId}`);
    const model = readMethod(context, method, pathOf(resourceId), authorizers);
    forResource[model.httpMethod] = model;
  }
  return [...methods.entries()].map(([id, byVerb]) => ({ id, path: pathOf(id), methods: byVerb }));
}
