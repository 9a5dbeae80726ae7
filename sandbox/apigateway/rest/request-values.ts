import { parseIdentitySource, type IdentitySource } from '../identity-source';

/** `method.request.header.Authorization, method.request.querystring.token` → the sources, in order. */
export function parseIdentitySources(expression: string): IdentitySource[] {
  return expression
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const source = parseIdentitySource(part, 'method.request.');
      if (source === undefined) throw new Error(`Unsupported identity source "${part}"`);
      return source;
    });
}

/** What a request offers to identity sources and mapping expressions. */
export interface RequestValues {
  /** Single-value header map (any case; looked up case-insensitively). */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>> | null;
  readonly path: Readonly<Record<string, string>> | null;
  readonly stageVariables: Readonly<Record<string, string>> | null;
  /** `$context` variables, flattened: `requestId`, `identity.sourceIp`, … */
  readonly context: Readonly<Record<string, string>>;
}

export function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  let found: string | undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) found = value;
  return found;
}

export function identityValue(source: IdentitySource, request: RequestValues): string | undefined {
  switch (source.from) {
    case 'header':
      return headerValue(request.headers, source.name);
    case 'querystring':
      return request.query?.[source.name];
    case 'stageVariables':
      return request.stageVariables?.[source.name];
    case 'context':
      return request.context[source.name];
  }
}

/**
 * A response parameter's value: a quoted static value (`'*'`) or a request value
 * (`method.request.header.Origin`, `method.request.querystring.x`, `method.request.path.x`,
 * `stageVariables.x`, `context.x`). Undefined when the request lacks it: the header is left out.
 */
export function mappedValue(expression: string, request: RequestValues): string | undefined {
  const quoted = /^'(.*)'$/s.exec(expression);
  if (quoted !== null) return quoted[1];
  if (expression.startsWith('method.request.path.')) {
    return request.path?.[expression.slice('method.request.path.'.length)];
  }
  const [source] = parseIdentitySources(expression);
  return identityValue(source, request);
}

/** Whether the sandbox can evaluate a response parameter's mapping expression. */
export function isSupportedMapping(expression: string): boolean {
  if (/^'.*'$/s.test(expression) || expression.startsWith('method.request.path.')) return true;
  return parseIdentitySource(expression, 'method.request.') !== undefined;
}
