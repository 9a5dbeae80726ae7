import { orderByReferences, referencedLogicalIds } from '../../../sandbox/platform/references';

describe('referencedLogicalIds', () => {
  it('finds Ref, both forms of Fn::GetAtt and Fn::Sub names at any depth, but not pseudo parameters', () => {
    const value = {
      A: { Ref: 'Table' },
      B: [{ 'Fn::GetAtt': ['Queue', 'Arn'] }, { 'Fn::GetAtt': 'Topic.TopicName' }],
      C: {
        'Fn::Join': [
          '',
          [{ Ref: 'AWS::Region' }, { 'Fn::Sub': 'x-${Bucket}-${Role.Arn}-${AWS::AccountId}-${!Literal}' }],
        ],
      },
      D: { 'Fn::Sub': ['${Name}-${Other}', { Name: { Ref: 'Api' } }] },
    };
    expect([...referencedLogicalIds(value)].sort()).toEqual([
      'Api',
      'Bucket',
      'Other',
      'Queue',
      'Role',
      'Table',
      'Topic',
    ]);
  });

  it('finds nothing in plain values', () => {
    expect(referencedLogicalIds({ a: 'Ref', b: [1, null, true] }).size).toBe(0);
  });
});

describe('orderByReferences', () => {
  const queue = (logicalId: string, deadLetter?: string) => ({
    logicalId,
    properties:
      deadLetter === undefined
        ? {}
        : {
            RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLetter, 'Arn'] }, maxReceiveCount: 3 },
          },
  });

  it('puts each queue after the dead-letter queues it names, and keeps the order otherwise', () => {
    const ordered = orderByReferences([
      queue('Jobs', 'JobsDlq'),
      queue('Other'),
      queue('JobsDlq', 'Last'),
      queue('Last'),
    ]);
    expect(ordered.map(({ logicalId }) => logicalId)).toEqual(['Last', 'JobsDlq', 'Jobs', 'Other']);
  });

  it('ignores references to resources outside the list', () => {
    expect(
      orderByReferences([queue('A', 'Elsewhere'), queue('B')]).map(({ logicalId }) => logicalId),
    ).toEqual(['A', 'B']);
  });

  it('refuses a cycle, naming it', () => {
    expect(() => orderByReferences([queue('A', 'B'), queue('B', 'A')])).toThrow(
      'Circular reference between A -> B -> A',
    );
  });
});
