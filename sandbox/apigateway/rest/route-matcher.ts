import type { MethodModel, ResourceModel } from './model';

export interface RouteMatch {
  readonly resource: ResourceModel;
  /** Raw (still percent-encoded) values, or null when the resource has no path parameter. */
  readonly pathParameters: Readonly<Record<string, string>> | null;
}

interface RouteNode {
  resource?: ResourceModel;
  readonly literals: Map<string, RouteNode>;
  variable?: { readonly name: string; readonly node: RouteNode };
  greedy?: { readonly name: string; readonly node: RouteNode };
}

function newNode(): RouteNode {
  return { literals: new Map() };
}

/** Path segments without the empty ones a leading or trailing slash makes: API Gateway ignores them. */
export function pathSegments(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

function child(node: RouteNode, part: string): RouteNode {
  const greedy = /^\{(.+)\+\}$/.exec(part);
  if (greedy !== null) {
    node.greedy ??= { name: greedy[1], node: newNode() };
    return node.greedy.node;
  }
  const variable = /^\{(.+)\}$/.exec(part);
  if (variable !== null) {
    node.variable ??= { name: variable[1], node: newNode() };
    return node.variable.node;
  }
  let literal = node.literals.get(part);
  if (literal === undefined) {
    literal = newNode();
    node.literals.set(part, literal);
  }
  return literal;
}

function walk(
  node: RouteNode,
  segments: readonly string[],
  index: number,
  parameters: Readonly<Record<string, string>>,
): RouteMatch | undefined {
  if (index === segments.length) {
    if (node.resource === undefined) return undefined;
    return {
      resource: node.resource,
      pathParameters: Object.keys(parameters).length === 0 ? null : parameters,
    };
  }
  const segment = segments[index];
  const literal = node.literals.get(segment);
  const viaLiteral = literal === undefined ? undefined : walk(literal, segments, index + 1, parameters);
  if (viaLiteral !== undefined) return viaLiteral;
  if (node.variable !== undefined && segment !== '') {
    const { name, node: next } = node.variable;
    const viaVariable = walk(next, segments, index + 1, { ...parameters, [name]: segment });
    if (viaVariable !== undefined) return viaVariable;
  }
  if (node.greedy?.node.resource !== undefined) {
    const value = segments.slice(index).join('/');
    return {
      resource: node.greedy.node.resource,
      pathParameters: { ...parameters, [node.greedy.name]: value },
    };
  }
  return undefined;
}

/**
 * Matches request paths to resources as API Gateway does: a literal segment before a `{param}`,
 * a `{param}` before a greedy `{proxy+}`, which takes the rest of the path; the most specific
 * resource wins, falling back to a less specific one when a literal branch leads nowhere.
 */
export function createRouter(resources: readonly ResourceModel[]): (path: string) => RouteMatch | undefined {
  const root = newNode();
  for (const resource of resources) {
    let node = root;
    for (const part of pathSegments(resource.path)) node = child(node, part);
    node.resource = resource;
  }
  return (path) => walk(root, pathSegments(path), 0, {});
}

/** The resource's method for this verb, else its `ANY` method. */
export function selectMethod(resource: ResourceModel, httpMethod: string): MethodModel | undefined {
  return resource.methods[httpMethod] ?? resource.methods.ANY;
}
