export const DEFAULT_ROUTE = '$default';

/** The route keys that name connection events, never chosen for a message. */
const LIFECYCLE_ROUTES = new Set(['$connect', '$disconnect']);

const WHOLE_EXPRESSION = /^\$request\.body\.([^{}$]+)$/;
const EMBEDDED_VARIABLE = /\$\{request\.body\.([^}]+)\}/g;

function valueAt(body: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
      body,
    );
}

/** API Gateway stringifies what the expression selects: `1` and `"1"` both select route `1`. */
function stringified(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Evaluates a route selection expression (`$request.body.action`, or a template such as
 * `${request.body.service}/${request.body.action}`) on a message. Undefined when the body is
 * not JSON or a selected value is missing: the message then goes to `$default`.
 */
export function evaluateSelectionExpression(expression: string, body: string): string | undefined {
  if (expression === DEFAULT_ROUTE) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const whole = WHOLE_EXPRESSION.exec(expression);
  if (whole !== null) return stringified(valueAt(parsed, whole[1]));
  let missing = false;
  const key = expression.replace(EMBEDDED_VARIABLE, (_match, path: string) => {
    const value = stringified(valueAt(parsed, path));
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : key;
}

/**
 * The route a message takes: the route whose key equals the evaluated expression, else
 * `$default`; undefined when neither exists (API Gateway then answers `Forbidden`).
 */
export function selectRoute(
  expression: string,
  body: string,
  routeKeys: Iterable<string>,
): string | undefined {
  const candidates = new Set([...routeKeys].filter((key) => !LIFECYCLE_ROUTES.has(key)));
  const selected = evaluateSelectionExpression(expression, body);
  if (selected !== undefined && candidates.has(selected)) return selected;
  return candidates.has(DEFAULT_ROUTE) ? DEFAULT_ROUTE : undefined;
}
