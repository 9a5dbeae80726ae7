/**
 * SNS subscription filter policies, as AWS-FACTS §6 describes them: keys AND, the values
 * of a key's array OR, `$or` between whole alternatives, and the operators `exists`,
 * `prefix`, `suffix`, `equals-ignore-case`, `anything-but` (values, prefix or suffix) and
 * `numeric`. A policy is compiled once; compiling checks what AWS checks when the policy is
 * set, so a policy AWS would refuse is refused here too.
 */

export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

/** A published message attribute, as the Query API carries it. */
export interface MessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

export interface FilterSubject {
  readonly attributes: Readonly<Record<string, MessageAttribute>>;
  readonly body: string;
}

export type FilterMatcher = (subject: FilterSubject) => boolean;

export class FilterPolicyError extends Error {
  override readonly name = 'FilterPolicyError';
}

export const MAX_FILTER_POLICY_KEYS = 5;
export const MAX_FILTER_POLICY_COMBINATIONS = 150;
export const MAX_FILTER_POLICY_BYTES = 256 * 1024;
const MAX_NUMBER = 1e9;

type Leaf = string | number | boolean | null;
type ValueTest = (value: Leaf) => boolean;
type Rule = { readonly exists: boolean } | { readonly test: ValueTest };

type PolicyNode =
  | { readonly kind: 'and'; readonly parts: readonly PolicyNode[] }
  | { readonly kind: 'or'; readonly branches: readonly PolicyNode[] }
  | { readonly kind: 'key'; readonly path: readonly string[]; readonly rules: readonly Rule[] };

/** What a key of the policy finds in the message: none when it is missing. */
type Lookup = (path: readonly string[]) => readonly Leaf[];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLeaf(value: unknown): value is Leaf {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function checkedNumber(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new FilterPolicyError(`${where} must be a number`);
  }
  if (Math.abs(value) > MAX_NUMBER) {
    throw new FilterPolicyError(`${where} must be between -1e9 and 1e9, got ${value}`);
  }
  return value;
}

function checkedString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new FilterPolicyError(`${where} must be a string`);
  return value;
}

const LOWER_BOUNDS = new Set(['>', '>=']);
const UPPER_BOUNDS = new Set(['<', '<=']);
const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

function numericTest(operand: unknown): ValueTest {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    throw new FilterPolicyError(
      'numeric takes [operator, number] or [lower operator, number, upper operator, number]',
    );
  }
  const comparisons: Array<(value: number) => boolean> = [];
  for (let index = 0; index < operand.length; index += 2) {
    const operator = operand[index] as unknown;
    if (typeof operator !== 'string' || COMPARE[operator] === undefined) {
      throw new FilterPolicyError(`Unrecognized numeric operator: ${JSON.stringify(operator)}`);
    }
    const bound = checkedNumber(operand[index + 1], `The numeric operand of ${operator}`);
    comparisons.push((value) => COMPARE[operator]!(value, bound));
  }
  if (operand.length === 4) {
    const [lower, low, upper, high] = operand as [string, number, string, number];
    if (!LOWER_BOUNDS.has(lower) || !UPPER_BOUNDS.has(upper)) {
      throw new FilterPolicyError(
        'A numeric range takes a lower bound (> or >=) then an upper bound (< or <=)',
      );
    }
    if (low >= high)
      throw new FilterPolicyError('The lower bound of a numeric range must be below its upper bound');
  }
  return (value) => typeof value === 'number' && comparisons.every((compare) => compare(value));
}

function stringTest(
  name: string,
  operand: unknown,
  test: (value: string, operand: string) => boolean,
): ValueTest {
  const text = checkedString(operand, name);
  return (value) => typeof value === 'string' && test(value, text);
}

const startsWith = (value: string, prefix: string) => value.startsWith(prefix);
const endsWith = (value: string, suffix: string) => value.endsWith(suffix);

function anythingButTest(operand: unknown): ValueTest {
  if (isPlainObject(operand)) {
    const [name, ...others] = Object.keys(operand);
    if (others.length > 0 || (name !== 'prefix' && name !== 'suffix')) {
      throw new FilterPolicyError('anything-but takes values, {"prefix": …} or {"suffix": …}');
    }
    const text = checkedString(operand[name], `anything-but ${name}`);
    const has = name === 'prefix' ? startsWith : endsWith;
    return (value) => typeof value === 'string' && !has(value, text);
  }
  const excluded = Array.isArray(operand) ? operand : [operand];
  if (excluded.length === 0) throw new FilterPolicyError('anything-but needs at least one value');
  for (const value of excluded) {
    if (typeof value === 'number') checkedNumber(value, 'An anything-but value');
    else if (typeof value !== 'string')
      throw new FilterPolicyError('anything-but values must be strings or numbers');
  }
  return (value) => !excluded.includes(value);
}

function compileRule(rule: unknown): Rule {
  if (isLeaf(rule)) {
    if (typeof rule === 'number') checkedNumber(rule, 'A number to match');
    return { test: (value) => value === rule };
  }
  if (!isPlainObject(rule))
    throw new FilterPolicyError(`A rule must be a value or an operator: ${JSON.stringify(rule)}`);
  const names = Object.keys(rule);
  if (names.length !== 1)
    throw new FilterPolicyError(`An operator object takes one operator: ${JSON.stringify(rule)}`);
  const name = names[0]!;
  const operand = rule[name];
  switch (name) {
    case 'exists':
      if (typeof operand !== 'boolean') throw new FilterPolicyError('exists takes true or false');
      return { exists: operand };
    case 'prefix':
      return { test: stringTest(name, operand, startsWith) };
    case 'suffix':
      return { test: stringTest(name, operand, endsWith) };
    case 'equals-ignore-case':
      return { test: stringTest(name, operand, (value, text) => value.toLowerCase() === text.toLowerCase()) };
    case 'anything-but':
      return { test: anythingButTest(operand) };
    case 'numeric':
      return { test: numericTest(operand) };
    default:
      throw new FilterPolicyError(`Unrecognized match type ${name}`);
  }
}

function compileObject(
  policy: Record<string, unknown>,
  prefix: readonly string[],
  scope: FilterPolicyScope,
): PolicyNode {
  const parts: PolicyNode[] = [];
  for (const [key, value] of Object.entries(policy)) {
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject)) {
        throw new FilterPolicyError('$or takes an array of at least two policy objects');
      }
      parts.push({ kind: 'or', branches: value.map((branch) => compileObject(branch, prefix, scope)) });
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new FilterPolicyError(`The rules of ${key} must not be empty`);
      parts.push({ kind: 'key', path: [...prefix, key], rules: value.map(compileRule) });
    } else if (isPlainObject(value)) {
      if (scope === 'MessageAttributes') {
        throw new FilterPolicyError(
          `Filter policy scope MessageAttributes does not support nested key ${key}`,
        );
      }
      if (Object.keys(value).length === 0)
        throw new FilterPolicyError(`The nested policy of ${key} is empty`);
      parts.push(compileObject(value, [...prefix, key], scope));
    } else {
      throw new FilterPolicyError(`The rules of ${key} must be an array`);
    }
  }
  return { kind: 'and', parts };
}

/** Each way the policy can match, as its keys and how many values each accepts. */
function alternativesOf(node: PolicyNode): Array<Map<string, number>> {
  switch (node.kind) {
    case 'key':
      return [new Map([[node.path.join('.'), node.rules.length]])];
    case 'or':
      return node.branches.flatMap(alternativesOf);
    case 'and': {
      let combined: Array<Map<string, number>> = [new Map()];
      for (const part of node.parts) {
        const next: Array<Map<string, number>> = [];
        for (const left of combined) {
          for (const right of alternativesOf(part)) {
            const merged = new Map(left);
            for (const [key, count] of right) merged.set(key, (merged.get(key) ?? 1) * count);
            next.push(merged);
            if (next.length > MAX_FILTER_POLICY_COMBINATIONS) {
              throw new FilterPolicyError(
                `The policy has more than ${MAX_FILTER_POLICY_COMBINATIONS} combinations`,
              );
            }
          }
        }
        combined = next;
      }
      return combined;
    }
  }
}

function checkLimits(node: PolicyNode): void {
  let combinations = 0;
  for (const alternative of alternativesOf(node)) {
    if (alternative.size > MAX_FILTER_POLICY_KEYS) {
      throw new FilterPolicyError(
        `A policy may name at most ${MAX_FILTER_POLICY_KEYS} keys, found ${alternative.size}`,
      );
    }
    combinations += [...alternative.values()].reduce((product, count) => product * count, 1);
  }
  if (combinations > MAX_FILTER_POLICY_COMBINATIONS) {
    throw new FilterPolicyError(
      `The policy has ${combinations} value combinations; at most ${MAX_FILTER_POLICY_COMBINATIONS} are allowed`,
    );
  }
}

function matches(node: PolicyNode, lookup: Lookup): boolean {
  switch (node.kind) {
    case 'and':
      return node.parts.every((part) => matches(part, lookup));
    case 'or':
      return node.branches.some((branch) => matches(branch, lookup));
    case 'key': {
      const values = lookup(node.path);
      return node.rules.some((rule) =>
        'exists' in rule ? rule.exists === values.length > 0 : values.some((value) => rule.test(value)),
      );
    }
  }
}

/** String.Array holds a JSON array; each element is matched, and one match is enough. */
function attributeValues(attribute: MessageAttribute | undefined): readonly Leaf[] {
  if (attribute === undefined) return [];
  const type = attribute.DataType;
  const text = attribute.StringValue ?? '';
  if (type.startsWith('Binary')) return [];
  if (type.startsWith('Number')) {
    const number = Number(text);
    return text.trim() !== '' && Number.isFinite(number) ? [number] : [];
  }
  if (type.startsWith('String.Array')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.filter(isLeaf);
    } catch {
      // AWS refuses such a publish; matched as the plain string it is.
    }
  }
  return [text];
}

/** Arrays in the body are flattened, so a key matches when any element does. */
function bodyValues(node: unknown, path: readonly string[]): Leaf[] {
  if (Array.isArray(node)) return node.flatMap((element) => bodyValues(element, path));
  if (path.length === 0) return isLeaf(node) ? [node] : [];
  if (!isPlainObject(node) || !Object.hasOwn(node, path[0]!)) return [];
  return bodyValues(node[path[0]!], path.slice(1));
}

function parsePolicy(policy: string): Record<string, unknown> {
  if (Buffer.byteLength(policy, 'utf8') > MAX_FILTER_POLICY_BYTES) {
    throw new FilterPolicyError('The filter policy is larger than 256 KB');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    throw new FilterPolicyError('The filter policy is not JSON');
  }
  if (!isPlainObject(parsed)) throw new FilterPolicyError('The filter policy must be a JSON object');
  return parsed;
}

/**
 * Compiles a `FilterPolicy` attribute; an empty string or `{}` matches every message, as
 * a subscription without a policy does. Throws `FilterPolicyError` naming what AWS would refuse.
 */
export function compileFilterPolicy(policy: string, scope: FilterPolicyScope): FilterMatcher {
  if (policy.trim() === '') return () => true;
  const root = compileObject(parsePolicy(policy), [], scope);
  if (root.kind === 'and' && root.parts.length === 0) return () => true;
  checkLimits(root);
  if (scope === 'MessageAttributes') {
    return ({ attributes }) => matches(root, ([name]) => attributeValues(attributes[name!]));
  }
  return ({ body }) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return false;
    }
    return isPlainObject(parsed) && matches(root, (path) => bodyValues(parsed, path));
  };
}

export function filterPolicyScopeOf(value: string | undefined): FilterPolicyScope {
  if (value === undefined || value === '' || value === 'MessageAttributes') return 'MessageAttributes';
  if (value === 'MessageBody') return 'MessageBody';
  throw new FilterPolicyError(`FilterPolicyScope must be MessageAttributes or MessageBody, got ${value}`);
}
