import { isRecord } from '../platform/is-record';

export interface PolicyStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

export type ContextValue = string | number | boolean | null;

/** `requestContext.authorizer`: the principal, the authorizer's latency, and its context, stringified. */
export type AuthorizerContext = Readonly<Record<string, string | number | null>>;

/** A Lambda authorizer's answer, checked. */
export interface AuthorizerResult {
  readonly principalId: string;
  readonly statements: readonly PolicyStatement[];
  readonly context: Readonly<Record<string, ContextValue>>;
}

export type ParsedAuthorizerOutput =
  { readonly ok: true; readonly result: AuthorizerResult } | { readonly ok: false; readonly reason: string };

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string'))
    return value;
  return undefined;
}

function parseStatement(value: unknown): PolicyStatement | string {
  if (!isRecord(value)) return 'a statement is not an object';
  if (value.Effect !== 'Allow' && value.Effect !== 'Deny') return `Effect ${JSON.stringify(value.Effect)}`;
  const actions = stringList(value.Action);
  const resources = stringList(value.Resource);
  if (actions === undefined) return 'a statement has no Action';
  if (resources === undefined) return 'a statement has no Resource';
  return { effect: value.Effect, actions, resources };
}

/**
 * Checks an authorizer's output: a string `principalId`, a `policyDocument` with statements,
 * and a flat `context` of strings, numbers and booleans. Anything else makes API Gateway answer
 * 500 (AuthorizerConfigurationException).
 */
export function parseAuthorizerOutput(payload: unknown): ParsedAuthorizerOutput {
  if (!isRecord(payload)) return { ok: false, reason: 'the output is not an object' };
  if (typeof payload.principalId !== 'string') return { ok: false, reason: 'principalId is not a string' };
  const document = payload.policyDocument;
  if (!isRecord(document)) return { ok: false, reason: 'policyDocument is not an object' };
  const rawStatements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  const statements: PolicyStatement[] = [];
  for (const raw of rawStatements) {
    const statement = parseStatement(raw);
    if (typeof statement === 'string') return { ok: false, reason: `policyDocument: ${statement}` };
    statements.push(statement);
  }
  const context = payload.context ?? {};
  if (!isRecord(context)) return { ok: false, reason: 'context is not an object' };
  for (const [key, value] of Object.entries(context)) {
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      return { ok: false, reason: `context.${key} is not a string, number or boolean` };
    }
  }
  return {
    ok: true,
    result: {
      principalId: payload.principalId,
      statements,
      context: context as Record<string, ContextValue>,
    },
  };
}

/** IAM's wildcards: `*` any run of characters (slashes included), `?` one character. */
function wildcardMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

export type PolicyDecision = 'ALLOW' | 'EXPLICIT_DENY' | 'IMPLICIT_DENY';

/** IAM evaluation of `execute-api:Invoke` on a method ARN: an explicit Deny wins, then any Allow. */
export function evaluatePolicy(statements: readonly PolicyStatement[], methodArn: string): PolicyDecision {
  const applies = (statement: PolicyStatement): boolean =>
    statement.actions.some((action) => wildcardMatches(action, 'execute-api:Invoke', true)) &&
    statement.resources.some((resource) => wildcardMatches(resource, methodArn, false));
  const matching = statements.filter(applies);
  if (matching.some((statement) => statement.effect === 'Deny')) return 'EXPLICIT_DENY';
  return matching.some((statement) => statement.effect === 'Allow') ? 'ALLOW' : 'IMPLICIT_DENY';
}

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`; the root's path is empty. */
export function methodArnOf(
  api: { readonly region: string; readonly accountId: string; readonly apiId: string },
  stage: string,
  httpMethod: string,
  path: string,
): string {
  const resourcePath = path.startsWith('/') ? path : `/${path}`;
  return `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${stage}/${httpMethod}${resourcePath}`;
}

/** An authorizer's context as events carry it: numbers and booleans as strings, null kept. */
export function stringifiedContext(
  context: Readonly<Record<string, ContextValue>>,
): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(context).map(([key, value]) => [key, value === null ? null : String(value)]),
  );
}

/** `requestContext.authorizer`: the principal, the authorizer's latency in ms, and the context, stringified. */
export function authorizerContextOf(result: AuthorizerResult, integrationLatency: number): AuthorizerContext {
  return { ...stringifiedContext(result.context), principalId: result.principalId, integrationLatency };
}
