import { compileFilterCriteria } from '../../../sandbox/event-source-mappings/event-filter';

const matches = (pattern: unknown, record: unknown): boolean =>
  compileFilterCriteria([JSON.stringify(pattern)])(record);

describe('compileFilterCriteria', () => {
  const record = {
    eventName: 'MODIFY',
    dynamodb: {
      NewImage: { status: { S: 'done' }, tags: { SS: ['red', 'blue'] } },
      SizeBytes: 120,
    },
    body: { price: 15, region: 'us-east-1', file: 'photo.PNG', nothing: null, flag: true, empty: '' },
  };

  it('matches exact strings, numbers, booleans, null and the empty string', () => {
    expect(matches({ eventName: ['INSERT', 'MODIFY'] }, record)).toBe(true);
    expect(matches({ eventName: ['INSERT'] }, record)).toBe(false);
    expect(matches({ body: { price: [15] } }, record)).toBe(true);
    expect(matches({ body: { price: ['15'] } }, record)).toBe(false);
    expect(matches({ body: { flag: [true], nothing: [null], empty: [''] } }, record)).toBe(true);
  });

  it('ANDs the fields and descends into objects', () => {
    expect(
      matches({ eventName: ['MODIFY'], dynamodb: { NewImage: { status: { S: ['done'] } } } }, record),
    ).toBe(true);
    expect(
      matches({ eventName: ['MODIFY'], dynamodb: { NewImage: { status: { S: ['failed'] } } } }, record),
    ).toBe(false);
  });

  it('matches a list value when one item matches', () => {
    expect(matches({ dynamodb: { NewImage: { tags: { SS: ['blue'] } } } }, record)).toBe(true);
    expect(matches({ dynamodb: { NewImage: { tags: { SS: ['green'] } } } }, record)).toBe(false);
  });

  it('supports prefix, suffix and equals-ignore-case, with their ignore-case forms', () => {
    expect(matches({ body: { region: [{ prefix: 'us-' }] } }, record)).toBe(true);
    expect(matches({ body: { region: [{ prefix: 'eu-' }] } }, record)).toBe(false);
    expect(matches({ body: { file: [{ suffix: '.PNG' }] } }, record)).toBe(true);
    expect(matches({ body: { file: [{ suffix: '.png' }] } }, record)).toBe(false);
    expect(matches({ body: { file: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, record)).toBe(true);
    expect(matches({ body: { region: [{ prefix: { 'equals-ignore-case': 'US-' } }] } }, record)).toBe(true);
    expect(matches({ eventName: [{ 'equals-ignore-case': 'modify' }] }, record)).toBe(true);
  });

  it('supports anything-but with a value, a list, a prefix, a suffix and ignore-case', () => {
    expect(matches({ eventName: [{ 'anything-but': 'INSERT' }] }, record)).toBe(true);
    expect(matches({ eventName: [{ 'anything-but': ['INSERT', 'MODIFY'] }] }, record)).toBe(false);
    expect(matches({ body: { price: [{ 'anything-but': [15] }] } }, record)).toBe(false);
    expect(matches({ body: { region: [{ 'anything-but': { prefix: 'us-' } }] } }, record)).toBe(false);
    expect(matches({ body: { file: [{ 'anything-but': { suffix: '.jpg' } }] } }, record)).toBe(true);
    expect(matches({ eventName: [{ 'anything-but': { 'equals-ignore-case': ['modify'] } }] }, record)).toBe(
      false,
    );
  });

  it('never matches a missing field with anything-but', () => {
    expect(matches({ body: { missing: [{ 'anything-but': 'x' }] } }, record)).toBe(false);
  });

  it('supports numeric comparisons and ranges on numbers only', () => {
    expect(matches({ body: { price: [{ numeric: ['=', 15] }] } }, record)).toBe(true);
    expect(matches({ body: { price: [{ numeric: ['>', 10, '<=', 20] }] } }, record)).toBe(true);
    expect(matches({ body: { price: [{ numeric: ['>', 15] }] } }, record)).toBe(false);
    expect(matches({ body: { price: [{ numeric: ['>=', 15, '<', 16] }] } }, record)).toBe(true);
    expect(matches({ body: { region: [{ numeric: ['>', 0] }] } }, record)).toBe(false);
  });

  it('supports exists on leaves, including inside a missing object', () => {
    expect(matches({ body: { price: [{ exists: true }] } }, record)).toBe(true);
    expect(matches({ body: { missing: [{ exists: false }] } }, record)).toBe(true);
    expect(matches({ body: { price: [{ exists: false }] } }, record)).toBe(false);
    expect(matches({ absent: { deeper: [{ exists: false }] } }, record)).toBe(true);
    expect(matches({ dynamodb: [{ exists: true }] }, record)).toBe(false);
  });

  it('supports $or between patterns', () => {
    const pattern = { $or: [{ eventName: ['INSERT'] }, { body: { price: [{ numeric: ['>', 10] }] } }] };
    expect(matches(pattern, record)).toBe(true);
    expect(matches({ ...pattern, eventName: ['REMOVE'] }, record)).toBe(false);
  });

  it('passes a record that any of several filters matches', () => {
    const filter = compileFilterCriteria([
      JSON.stringify({ eventName: ['INSERT'] }),
      JSON.stringify({ eventName: ['MODIFY'] }),
    ]);
    expect(filter(record)).toBe(true);
    expect(filter({ eventName: 'REMOVE' })).toBe(false);
  });

  it.each([
    ['text that is not JSON', '{eventName'],
    ['a pattern that is not an object', '["INSERT"]'],
    ['a leaf that is a bare value', '{"eventName":"INSERT"}'],
    ['an empty list of rules', '{"eventName":[]}'],
    ['an operator Lambda does not support', '{"body":{"file":[{"wildcard":"*.png"}]}}'],
    ['a bad numeric comparison', '{"body":{"price":[{"numeric":["~",1]}]}}'],
    ['exists that is not a boolean', '{"body":{"price":[{"exists":"yes"}]}}'],
    ['an $or that is not a list', '{"$or":{"a":["b"]}}'],
  ])('refuses %s', (_name, pattern) => {
    expect(() => compileFilterCriteria([pattern])).toThrow(/Filter 1/);
  });
});
