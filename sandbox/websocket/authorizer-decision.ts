import type { InvokeOutcome } from '../lambda/invoker';

/** What the authorizer allowed, as later events carry it in `requestContext.authorizer`. */
export interface AuthorizerGrant {
  readonly principalId: string;
  /** The output's `context`, numbers and booleans stringified as API Gateway does. */
  readonly context: Readonly<Record<string, string | null>>;
}

export type AuthorizerDecision =
  | { readonly kind: 'allow'; readonly grant: AuthorizerGrant }
  | { readonly kind: 'refuse'; readonly status: 401 | 403 | 500; readonly message: string };

/** API Gateway refuses an authorizer result over 8 KB. */
const MAX_RESULT_BYTES = 8_192;
const INVOKE_ACTION = 'execute-api:Invoke';

const EXPLICIT_DENY = 'User is not authorized to access this resource with an explicit deny';
const NO_ALLOW = 'User is not authorized to access this resource';

interface Statement {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly Resource?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** IAM wildcards: `*` is any run of characters (`/` included), `?` any one character. */
export function iamPatternMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

function covers(statement: Statement, methodArn: string): boolean {
  return (
    asList(statement.Action).some((action) => iamPatternMatches(action, INVOKE_ACTION, true)) &&
    asList(statement.Resource).some((resource) => iamPatternMatches(resource, methodArn))
  );
}

function stringifiedContext(context: unknown): Record<string, string | null> | undefined {
  if (context === undefined || context === null) return {};
  if (!isRecord(context)) return undefined;
  const entries: Array<[string, string | null]> = [];
  for (const [key, value] of Object.entries(context)) {
    if (value === null) entries.push([key, null]);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      entries.push([key, String(value)]);
    else return undefined;
  }
  return Object.fromEntries(entries);
}

/**
 * How API Gateway answers a Lambda REQUEST authorizer's outcome: the error `Unauthorized` is
 * 401; an explicit Deny, or no Allow, covering the method ARN is 403; any other error or a
 * malformed result (no policy, a context value that is an object, over 8 KB) is 500.
 */
export function decideAuthorization(outcome: InvokeOutcome, methodArn: string): AuthorizerDecision {
  if (!outcome.ok) {
    return outcome.error.errorMessage === 'Unauthorized'
      ? { kind: 'refuse', status: 401, message: 'Unauthorized' }
      : { kind: 'refuse', status: 500, message: 'Internal server error' };
  }
  const malformed = { kind: 'refuse', status: 500, message: 'Internal server error' } as const;
  const result = outcome.payload;
  if (!isRecord(result) || !isRecord(result.policyDocument)) return malformed;
  if (Buffer.byteLength(JSON.stringify(result)) > MAX_RESULT_BYTES) return malformed;
  const statements = result.policyDocument.Statement;
  const list: Statement[] = (Array.isArray(statements) ? statements : [statements]).filter(isRecord);
  const context = stringifiedContext(result.context);
  if (context === undefined) return malformed;
  const applying = list.filter((statement) => covers(statement, methodArn));
  if (applying.some((statement) => statement.Effect === 'Deny')) {
    return { kind: 'refuse', status: 403, message: EXPLICIT_DENY };
  }
  if (!applying.some((statement) => statement.Effect === 'Allow')) {
    return { kind: 'refuse', status: 403, message: NO_ALLOW };
  }
  return {
    kind: 'allow',
    grant: { principalId: typeof result.principalId === 'string' ? result.principalId : '', context },
  };
}
