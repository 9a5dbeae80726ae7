/**
 * Lambda event filtering (`FilterCriteria`): each pattern is an EventBridge-style event pattern
 * matched against the record as the function would receive it; a record passes when any
 * pattern matches. Supports the operators Lambda documents: exact values (string, number,
 * boolean, null), `prefix`, `suffix`, `equals-ignore-case`, `anything-but`, `numeric`,
 * `exists` and `$or`. Anything else fails at compile time, so an unsupported pattern stops
 * the sandbox at start instead of filtering wrongly.
 */
export type RecordFilter = (record: unknown) => boolean;

type Matcher = (value: unknown) => boolean;

const NUMERIC_OPERATORS = ['=', '<', '<=', '>', '>='] as const;
type NumericOperator = (typeof NUMERIC_OPERATORS)[number];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class PatternError extends Error {
  constructor(path: string, problem: string) {
    super(`${path === '' ? 'pattern' : path}: ${problem}`);
  }
}

function compileAffix(
  value: unknown,
  path: string,
  operator: 'prefix' | 'suffix',
): (text: string) => boolean {
  const ignoreCase = isPlainObject(value);
  const operand = ignoreCase && Object.keys(value).length === 1 ? value['equals-ignore-case'] : value;
  if (typeof operand !== 'string') {
    throw new PatternError(path, `"${operator}" takes a string or {"equals-ignore-case": string}`);
  }
  const affix = ignoreCase ? operand.toLowerCase() : operand;
  return (text) => {
    const subject = ignoreCase ? text.toLowerCase() : text;
    return operator === 'prefix' ? subject.startsWith(affix) : subject.endsWith(affix);
  };
}

function compileNumeric(value: unknown, path: string): Matcher {
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 4)) {
    throw new PatternError(
      path,
      '"numeric" takes [operator, number] or [operator, number, operator, number]',
    );
  }
  const comparisons: Array<{ operator: NumericOperator; bound: number }> = [];
  for (let index = 0; index < value.length; index += 2) {
    const operator = value[index] as unknown;
    const bound = value[index + 1] as unknown;
    if (!NUMERIC_OPERATORS.includes(operator as NumericOperator) || typeof bound !== 'number') {
      throw new PatternError(path, `"numeric" has a bad comparison ${JSON.stringify([operator, bound])}`);
    }
    comparisons.push({ operator: operator as NumericOperator, bound });
  }
  return (subject) =>
    typeof subject === 'number' &&
    comparisons.every(({ operator, bound }) => {
      switch (operator) {
        case '=':
          return subject === bound;
        case '<':
          return subject < bound;
        case '<=':
          return subject <= bound;
        case '>':
          return subject > bound;
        case '>=':
          return subject >= bound;
      }
    });
}

function compileAnythingBut(value: unknown, path: string): Matcher {
  if (typeof value === 'string' || typeof value === 'number') return (subject) => subject !== value;
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => ['string', 'number'].includes(typeof item))
  ) {
    return (subject) => !value.includes(subject);
  }
  if (isPlainObject(value) && Object.keys(value).length === 1) {
    const [operator] = Object.keys(value);
    const operand = value[operator];
    if (operator === 'prefix' || operator === 'suffix') {
      const affix = compileAffix(operand, `${path}.anything-but`, operator);
      return (subject) => typeof subject === 'string' && !affix(subject);
    }
    if (operator === 'equals-ignore-case') {
      const words = (Array.isArray(operand) ? operand : [operand]) as unknown[];
      if (words.length === 0 || !words.every((word) => typeof word === 'string')) {
        throw new PatternError(
          path,
          '"anything-but" {"equals-ignore-case"} takes a string or a list of strings',
        );
      }
      const lower = (words as string[]).map((word) => word.toLowerCase());
      return (subject) => typeof subject === 'string' && !lower.includes(subject.toLowerCase());
    }
  }
  throw new PatternError(path, `"anything-but" cannot take ${JSON.stringify(value)}`);
}

/** One rule of a leaf's list, applied to one value (never to a missing one). */
function compileValueRule(rule: unknown, path: string): Matcher {
  if (rule === null || typeof rule === 'string' || typeof rule === 'number' || typeof rule === 'boolean') {
    return (subject) => subject === rule;
  }
  if (!isPlainObject(rule) || Object.keys(rule).length !== 1) {
    throw new PatternError(path, `${JSON.stringify(rule)} is not a filter rule`);
  }
  const [operator] = Object.keys(rule);
  const operand = rule[operator];
  switch (operator) {
    case 'prefix':
    case 'suffix': {
      const affix = compileAffix(operand, path, operator);
      return (subject) => typeof subject === 'string' && affix(subject);
    }
    case 'equals-ignore-case': {
      if (typeof operand !== 'string') throw new PatternError(path, '"equals-ignore-case" takes a string');
      const lower = operand.toLowerCase();
      return (subject) => typeof subject === 'string' && subject.toLowerCase() === lower;
    }
    case 'anything-but':
      return compileAnythingBut(operand, path);
    case 'numeric':
      return compileNumeric(operand, path);
    default:
      throw new PatternError(path, `the operator "${operator}" is not supported by Lambda event filtering`);
  }
}

/** A leaf: a list of rules, any of which may match; a list value matches when one item does. */
function compileLeaf(rules: unknown[], path: string): Matcher {
  if (rules.length === 0) throw new PatternError(path, 'an empty list of rules matches nothing');
  const existence: Matcher[] = [];
  const valueRules: Matcher[] = [];
  for (const rule of rules) {
    if (isPlainObject(rule) && Object.keys(rule).length === 1 && 'exists' in rule) {
      if (typeof rule.exists !== 'boolean') throw new PatternError(path, '"exists" takes true or false');
      const wanted = rule.exists;
      // As in EventBridge, only a leaf exists: an object value is an intermediate node.
      existence.push((subject) => (subject !== undefined && !isPlainObject(subject)) === wanted);
    } else {
      valueRules.push(compileValueRule(rule, path));
    }
  }
  return (subject) => {
    if (existence.some((matches) => matches(subject))) return true;
    if (subject === undefined) return false;
    const items = Array.isArray(subject) ? subject : [subject];
    return items.some((item) => valueRules.some((matches) => matches(item)));
  };
}

/** An object of the pattern: every field must match (AND), `$or` needs one of its patterns. */
function compileObject(pattern: Record<string, unknown>, path: string): Matcher {
  const fields: Array<{ key: string; matches: Matcher }> = [];
  const alternatives: Matcher[][] = [];
  for (const [key, value] of Object.entries(pattern)) {
    const fieldPath = path === '' ? key : `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length === 0 || !value.every(isPlainObject)) {
        throw new PatternError(fieldPath, '"$or" takes a list of patterns');
      }
      alternatives.push(
        value.map((alternative, index) => compileObject(alternative, `${fieldPath}[${index}]`)),
      );
    } else if (Array.isArray(value)) {
      fields.push({ key, matches: compileLeaf(value, fieldPath) });
    } else if (isPlainObject(value)) {
      fields.push({ key, matches: compileNested(value, fieldPath) });
    } else {
      throw new PatternError(fieldPath, `must be a list of rules or an object, not ${JSON.stringify(value)}`);
    }
  }
  return (subject) => {
    const object = isPlainObject(subject) ? subject : {};
    return (
      fields.every(({ key, matches }) => matches(object[key])) &&
      alternatives.every((choices) => choices.some((matches) => matches(subject)))
    );
  };
}

/** A nested object of the pattern: a list of objects matches when one of them does. */
function compileNested(pattern: Record<string, unknown>, path: string): Matcher {
  const matches = compileObject(pattern, path);
  return (subject) => (Array.isArray(subject) ? subject.some((item) => matches(item)) : matches(subject));
}

/** Compiles the `Pattern` strings of a `FilterCriteria`; throws, naming the fault, on one Lambda would not run. */
export function compileFilterCriteria(patterns: readonly string[]): RecordFilter {
  if (patterns.length === 0) throw new Error('FilterCriteria has no filters');
  const compiled = patterns.map((text, index) => {
    let pattern: unknown;
    try {
      pattern = JSON.parse(text);
    } catch {
      throw new Error(`Filter ${index + 1} is not JSON: ${text}`);
    }
    if (!isPlainObject(pattern)) throw new Error(`Filter ${index + 1} must be a JSON object: ${text}`);
    try {
      return compileObject(pattern, '');
    } catch (error) {
      throw new Error(`Filter ${index + 1} (${text}): ${(error as Error).message}`);
    }
  });
  return (record) => compiled.some((matches) => matches(record));
}
