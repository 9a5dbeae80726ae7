import type { Template } from 'aws-cdk-lib/assertions';

/** Small readers over a synthesized template, so the tests state facts, not JSON paths. */

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
  DeletionPolicy?: string;
}

function resources(template: Template): Record<string, Resource> {
  return (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
}

/** The logical id of the function whose handler file is `handlerFile`. */
export function functionId(template: Template, handlerFile: string): string {
  const ids = Object.entries(resources(template))
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .filter(([, r]) => {
      const vars = (r.Properties.Environment as { Variables?: Json } | undefined)?.Variables ?? {};
      return vars.POWERTOOLS_SERVICE_NAME === handlerFile;
    })
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`Expected one function for ${handlerFile}, found ${ids.length}`);
  return ids[0];
}

export function functionProps(template: Template, handlerFile: string): Json {
  return resources(template)[functionId(template, handlerFile)].Properties;
}

export function environmentOf(template: Template, handlerFile: string): Json {
  return (functionProps(template, handlerFile).Environment as { Variables: Json }).Variables;
}

export interface Statement {
  Action: string | string[];
  Effect: string;
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of the inline policies attached to the function's role. */
export function statementsOf(template: Template, handlerFile: string): Statement[] {
  const role = (functionProps(template, handlerFile).Role as { 'Fn::GetAtt': [string, string] })[
    'Fn::GetAtt'
  ][0];
  return Object.values(resources(template))
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => (r.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The actions the function may take on `resource` (compared as JSON), in no particular order. */
export function actionsOn(template: Template, handlerFile: string, resource: unknown): string[] {
  const wanted = JSON.stringify(resource);
  return statementsOf(template, handlerFile)
    .filter((s) => [s.Resource].flat().some((r) => JSON.stringify(r) === wanted))
    .flatMap(actionsOf)
    .sort();
}

export function logicalIdOfType(template: Template, type: string, match: (props: Json) => boolean): string {
  const ids = Object.entries(resources(template))
    .filter(([, r]) => r.Type === type && match(r.Properties))
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`Expected one ${type}, found ${ids.length}`);
  return ids[0];
}

export function resourceOf(template: Template, id: string): Resource {
  return resources(template)[id];
}

export interface RestRoute {
  readonly method: string;
  readonly path: string;
  readonly functionId?: string;
  readonly authorizationType: string;
  readonly authorizerId?: string;
  readonly integration: Json;
}

/** Every REST method with its full path and the function it invokes. */
export function restRoutes(template: Template): RestRoute[] {
  const all = resources(template);
  const pathOf = (ref: unknown): string => {
    const id = (ref as { Ref?: string }).Ref;
    if (id === undefined || all[id]?.Type !== 'AWS::ApiGateway::Resource') return '';
    return `${pathOf(all[id].Properties.ParentId)}/${all[id].Properties.PathPart as string}`;
  };
  return Object.values(all)
    .filter((r) => r.Type === 'AWS::ApiGateway::Method')
    .map((r) => {
      const integration = (r.Properties.Integration ?? {}) as Json;
      const uri = JSON.stringify(integration.Uri ?? '');
      const functionMatch = /"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/.exec(uri);
      return {
        method: r.Properties.HttpMethod as string,
        path: pathOf(r.Properties.ResourceId) || '/',
        functionId: functionMatch?.[1],
        authorizationType: r.Properties.AuthorizationType as string,
        authorizerId: (r.Properties.AuthorizerId as { Ref?: string } | undefined)?.Ref,
        integration,
      };
    });
}
