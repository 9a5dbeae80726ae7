function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `AWS::Region` and the like are not resources. */
function isLogicalId(name: string): boolean {
  return !name.includes('::');
}

function subReferences(text: string, variables: Record<string, unknown>): string[] {
  const names = [...text.matchAll(/\$\{([^}!][^}]*)\}/g)].map((match) => match[1]);
  return names.filter((name) => !(name in variables)).map((name) => name.split('.')[0]);
}

/** The logical ids a value refers to through `Ref`, `Fn::GetAtt` and `Fn::Sub`, at any depth. */
export function referencedLogicalIds(value: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, argument] of Object.entries(node)) {
      if (key === 'Ref' && typeof argument === 'string') {
        found.add(argument);
      } else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(argument) ? argument[0] : String(argument).split('.')[0];
        if (typeof target === 'string') found.add(target);
      } else if (key === 'Fn::Sub') {
        const [text, variables] =
          typeof argument === 'string' ? [argument, {}] : (argument as [unknown, unknown]);
        const named = isObject(variables) ? variables : {};
        if (typeof text === 'string') subReferences(text, named).forEach((id) => found.add(id));
        visit(named);
      } else {
        visit(argument);
      }
    }
  };
  visit(value);
  return new Set([...found].filter(isLogicalId));
}

/**
 * Orders resources so that each comes after the others of the list it refers to (a queue
 * after its dead-letter queue), keeping the template's order otherwise. A cycle is an error,
 * as it is for CloudFormation.
 */
export function orderByReferences<T extends { readonly logicalId: string; readonly properties: unknown }>(
  resources: readonly T[],
): T[] {
  const byId = new Map(resources.map((resource) => [resource.logicalId, resource]));
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (resource: T, path: readonly string[]): void => {
    const seen = state.get(resource.logicalId);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new Error(`Circular reference between ${[...path, resource.logicalId].join(' -> ')}`);
    }
    state.set(resource.logicalId, 'visiting');
    for (const id of referencedLogicalIds(resource.properties)) {
      const dependency = byId.get(id);
      if (dependency !== undefined) visit(dependency, [...path, resource.logicalId]);
    }
    state.set(resource.logicalId, 'done');
    ordered.push(resource);
  };
  resources.forEach((resource) => visit(resource, []));
  return ordered;
}
