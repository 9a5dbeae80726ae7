import { filterPolicyOf } from '../../../lambda/webhooks/webhook-policy';
import {
  compileFilterPolicy,
  FilterPolicyError,
  filterPolicyScopeOf,
  type MessageAttribute,
} from '../../../sandbox/sns/filter-policy';

const str = (StringValue: string): MessageAttribute => ({ DataType: 'String', StringValue });
const num = (StringValue: string): MessageAttribute => ({ DataType: 'Number', StringValue });
const arr = (values: unknown[]): MessageAttribute => ({
  DataType: 'String.Array',
  StringValue: JSON.stringify(values),
});

function onAttributes(policy: object, attributes: Record<string, MessageAttribute>): boolean {
  return compileFilterPolicy(JSON.stringify(policy), 'MessageAttributes')({ attributes, body: '' });
}

function onBody(policy: object, body: unknown): boolean {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return compileFilterPolicy(JSON.stringify(policy), 'MessageBody')({ attributes: {}, body: text });
}

describe('filter policies on message attributes', () => {
  it('matches exact strings, case-sensitively, any value of the array', () => {
    const policy = { color: ['red', 'blue'] };
    expect(onAttributes(policy, { color: str('blue') })).toBe(true);
    expect(onAttributes(policy, { color: str('Blue') })).toBe(false);
    expect(onAttributes(policy, { color: str('green') })).toBe(false);
  });

  it('needs every key (AND) and fails on a missing key', () => {
    const policy = { color: ['red'], size: ['L'] };
    expect(onAttributes(policy, { color: str('red'), size: str('L') })).toBe(true);
    expect(onAttributes(policy, { color: str('red') })).toBe(false);
  });

  it('ignores attributes the policy does not name', () => {
    expect(onAttributes({ color: ['red'] }, { color: str('red'), other: str('x') })).toBe(true);
  });

  it('an empty policy or none matches everything', () => {
    expect(compileFilterPolicy('', 'MessageAttributes')({ attributes: {}, body: '' })).toBe(true);
    expect(onAttributes({}, {})).toBe(true);
  });

  it('exists true and false', () => {
    expect(onAttributes({ color: [{ exists: true }] }, { color: str('x') })).toBe(true);
    expect(onAttributes({ color: [{ exists: true }] }, {})).toBe(false);
    expect(onAttributes({ color: [{ exists: false }] }, {})).toBe(true);
    expect(onAttributes({ color: [{ exists: false }] }, { color: str('x') })).toBe(false);
  });

  it('prefix, suffix and equals-ignore-case', () => {
    expect(onAttributes({ id: [{ prefix: 'ab' }] }, { id: str('abc') })).toBe(true);
    expect(onAttributes({ id: [{ prefix: 'ab' }] }, { id: str('cab') })).toBe(false);
    expect(onAttributes({ id: [{ suffix: '.png' }] }, { id: str('a.png') })).toBe(true);
    expect(onAttributes({ id: [{ suffix: '.png' }] }, { id: str('a.jpg') })).toBe(false);
    expect(onAttributes({ id: [{ 'equals-ignore-case': 'RED' }] }, { id: str('red') })).toBe(true);
    expect(onAttributes({ id: [{ 'equals-ignore-case': 'RED' }] }, { id: str('rede') })).toBe(false);
  });

  it('anything-but: a value, a list, a prefix, a suffix; never a missing key', () => {
    expect(onAttributes({ c: [{ 'anything-but': 'red' }] }, { c: str('blue') })).toBe(true);
    expect(onAttributes({ c: [{ 'anything-but': 'red' }] }, { c: str('red') })).toBe(false);
    expect(onAttributes({ c: [{ 'anything-but': ['red', 'blue'] }] }, { c: str('blue') })).toBe(false);
    expect(onAttributes({ c: [{ 'anything-but': ['red', 'blue'] }] }, { c: str('green') })).toBe(true);
    expect(onAttributes({ c: [{ 'anything-but': { prefix: 'in' } }] }, { c: str('internal') })).toBe(false);
    expect(onAttributes({ c: [{ 'anything-but': { prefix: 'in' } }] }, { c: str('public') })).toBe(true);
    expect(onAttributes({ c: [{ 'anything-but': { suffix: '.tmp' } }] }, { c: str('a.tmp') })).toBe(false);
    expect(onAttributes({ c: [{ 'anything-but': { suffix: '.tmp' } }] }, { c: str('a.txt') })).toBe(true);
    expect(onAttributes({ c: [{ 'anything-but': 'red' }] }, {})).toBe(false);
    expect(onAttributes({ n: [{ 'anything-but': [100] }] }, { n: num('100') })).toBe(false);
    expect(onAttributes({ n: [{ 'anything-but': [100] }] }, { n: num('101') })).toBe(true);
  });

  it('numeric comparisons and ranges apply to Number attributes', () => {
    const range = { price: [{ numeric: ['>', 0, '<=', 5] }] };
    expect(onAttributes(range, { price: num('5') })).toBe(true);
    expect(onAttributes(range, { price: num('0') })).toBe(false);
    expect(onAttributes(range, { price: num('5.00001') })).toBe(false);
    expect(onAttributes({ price: [{ numeric: ['=', 301.5] }] }, { price: num('3.015e2') })).toBe(true);
    expect(onAttributes({ price: [{ numeric: ['>=', 10] }] }, { price: num('9') })).toBe(false);
    expect(onAttributes({ price: [{ numeric: ['<', 10] }] }, { price: num('9') })).toBe(true);
    expect(onAttributes(range, { price: str('3') })).toBe(false);
    expect(onAttributes({ price: [3] }, { price: num('3') })).toBe(true);
  });

  it('String.Array matches when any element does, strings and numbers alike', () => {
    expect(onAttributes({ tags: ['b'] }, { tags: arr(['a', 'b']) })).toBe(true);
    expect(onAttributes({ tags: ['c'] }, { tags: arr(['a', 'b']) })).toBe(false);
    expect(onAttributes({ tags: [{ numeric: ['>', 5] }] }, { tags: arr([1, 9]) })).toBe(true);
    expect(onAttributes({ tags: [{ prefix: 'x' }] }, { tags: arr(['ax', 'xa']) })).toBe(true);
  });

  it('ignores Binary attributes, which filter policies cannot match', () => {
    const binary = { DataType: 'Binary', BinaryValue: 'AAE=' };
    expect(onAttributes({ b: [{ exists: true }] }, { b: binary })).toBe(false);
    expect(onAttributes({ b: [{ exists: false }] }, { b: binary })).toBe(true);
  });

  it('$or matches when any alternative does, with the other keys still required', () => {
    const policy = { tenant: ['t1'], $or: [{ color: ['red'] }, { size: [{ numeric: ['>', 10] }] }] };
    expect(onAttributes(policy, { tenant: str('t1'), color: str('red') })).toBe(true);
    expect(onAttributes(policy, { tenant: str('t1'), size: num('11') })).toBe(true);
    expect(onAttributes(policy, { tenant: str('t1'), size: num('9') })).toBe(false);
    expect(onAttributes(policy, { tenant: str('t2'), color: str('red') })).toBe(false);
  });

  describe('the policy our subscriptions handler builds', () => {
    const policy = filterPolicyOf({
      tenant: 'acme',
      subscriptionId: 'sub-1',
      events: ['check.done', 'check.failed'],
      checkId: 'c-1',
    });
    const base = { tenant: str('acme'), type: str('check.done'), checkId: str('c-1') };

    it('takes fresh events of its tenant, types and check', () => {
      expect(onAttributes(policy, base)).toBe(true);
      expect(onAttributes(policy, { ...base, type: str('check.progress') })).toBe(false);
      expect(onAttributes(policy, { ...base, tenant: str('other') })).toBe(false);
      expect(onAttributes(policy, { ...base, checkId: str('c-2') })).toBe(false);
    });

    it('takes a replay meant for it, and no other subscription’s', () => {
      expect(onAttributes(policy, { ...base, replayFor: str('sub-1') })).toBe(true);
      expect(onAttributes(policy, { ...base, replayFor: str('sub-2') })).toBe(false);
    });
  });
});

describe('filter policies on the message body', () => {
  it('matches nested keys', () => {
    const policy = { order: { status: ['paid'], total: [{ numeric: ['>', 100] }] } };
    expect(onBody(policy, { order: { status: 'paid', total: 150 } })).toBe(true);
    expect(onBody(policy, { order: { status: 'paid', total: 50 } })).toBe(false);
    expect(onBody(policy, { order: { status: 'open', total: 150 } })).toBe(false);
  });

  it('flattens arrays, of values and of objects', () => {
    expect(onBody({ tags: ['b'] }, { tags: ['a', 'b'] })).toBe(true);
    expect(onBody({ items: { sku: ['x2'] } }, { items: [{ sku: 'x1' }, { sku: 'x2' }] })).toBe(true);
    expect(onBody({ items: { sku: ['x3'] } }, { items: [{ sku: 'x1' }, { sku: 'x2' }] })).toBe(false);
  });

  it('matches booleans and null as values, and objects never as leaves', () => {
    expect(onBody({ ok: [true] }, { ok: true })).toBe(true);
    expect(onBody({ ok: [true] }, { ok: 'true' })).toBe(false);
    expect(onBody({ v: [null] }, { v: null })).toBe(true);
    expect(onBody({ v: [{ exists: true }] }, { v: { nested: 1 } })).toBe(false);
  });

  it('exists false on an absent nested key, $or at a nested level', () => {
    expect(onBody({ a: { b: [{ exists: false }] } }, { a: { c: 1 } })).toBe(true);
    const policy = { a: { $or: [{ b: ['x'] }, { c: ['y'] }] } };
    expect(onBody(policy, { a: { c: 'y' } })).toBe(true);
    expect(onBody(policy, { a: { c: 'z' } })).toBe(false);
  });

  it('does not match a body that is not a JSON object', () => {
    expect(onBody({ a: ['x'] }, 'plain text')).toBe(false);
    expect(onBody({ a: ['x'] }, ['x'])).toBe(false);
  });
});

describe('what SNS refuses when a policy is set', () => {
  const refused =
    (policy: unknown, scope: 'MessageAttributes' | 'MessageBody' = 'MessageAttributes') =>
    () =>
      compileFilterPolicy(typeof policy === 'string' ? policy : JSON.stringify(policy), scope);

  it.each([
    ['not JSON', '{'],
    ['not an object', '["a"]'],
    ['a rule that is not an array', { a: 'x' }],
    ['an empty array', { a: [] }],
    ['an unknown operator', { a: [{ wildcard: 'x*' }] }],
    ['two operators in one object', { a: [{ prefix: 'a', suffix: 'b' }] }],
    ['exists that is not boolean', { a: [{ exists: 'yes' }] }],
    ['a numeric operator that is unknown', { a: [{ numeric: ['!=', 1] }] }],
    ['a numeric range upside down', { a: [{ numeric: ['<', 5, '>', 1] }] }],
    ['a numeric range that is empty', { a: [{ numeric: ['>', 5, '<', 1] }] }],
    ['a number beyond 1e9', { a: [{ numeric: ['>', 2e9] }] }],
    ['an $or with one branch', { $or: [{ a: ['x'] }] }],
    ['anything-but with an empty list', { a: [{ 'anything-but': [] }] }],
    ['anything-but with an object it does not know', { a: [{ 'anything-but': { wildcard: 'x' } }] }],
    ['a nested key in MessageAttributes scope', { a: { b: ['x'] } }],
    ['more than five keys', { a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] }],
  ])('%s', (_name, policy) => {
    expect(refused(policy)).toThrow(FilterPolicyError);
  });

  it('more than 150 combinations of values', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(refused({ a: many(10), b: many(15) })).not.toThrow();
    expect(refused({ a: many(10), b: many(16) })).toThrow(/combinations/);
  });

  it('counts each $or alternative apart for the key limit', () => {
    const policy = { a: ['1'], b: ['1'], c: ['1'], $or: [{ d: ['1'], e: ['1'] }, { f: ['1'] }] };
    expect(refused(policy)).not.toThrow();
    expect(refused({ ...policy, g: ['1'] })).toThrow(/at most 5 keys/);
  });

  it('a nested policy is fine in MessageBody scope', () => {
    expect(refused({ a: { b: ['x'] } }, 'MessageBody')).not.toThrow();
  });
});

describe('filterPolicyScopeOf', () => {
  it('defaults to MessageAttributes and refuses anything else', () => {
    expect(filterPolicyScopeOf(undefined)).toBe('MessageAttributes');
    expect(filterPolicyScopeOf('MessageBody')).toBe('MessageBody');
    expect(() => filterPolicyScopeOf('Body')).toThrow(FilterPolicyError);
  });
});
