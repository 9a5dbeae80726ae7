import { loadCloudAssembly, resourcesOfType } from '../../../sandbox/platform/cloud-assembly';
import { Resolver } from '../../../sandbox/platform/resolver';
import { SYNTHESIZED_APP_DIR } from '../support/synthesized-app';

const pseudo = { region: 'us-east-1', accountId: '000000000000', stackName: 'Stack' };

function resolver(): Resolver {
  const r = new Resolver(pseudo);
  r.register('Table', {
    ref: 'Stack-Table',
    attributes: { Arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/Stack-Table' },
  });
  r.register('Api', { ref: 'abc123defg' });
  return r;
}

describe('Resolver', () => {
  it('resolves Ref to a registered resource and to pseudo parameters', () => {
    expect(resolver().resolve({ Ref: 'Table' })).toBe('Stack-Table');
    expect(resolver().resolve({ Ref: 'AWS::Region' })).toBe('us-east-1');
    expect(resolver().resolve({ Ref: 'AWS::AccountId' })).toBe('000000000000');
  });

  it('resolves Fn::GetAtt in both its forms', () => {
    const arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/Stack-Table';
    expect(resolver().resolve({ 'Fn::GetAtt': ['Table', 'Arn'] })).toBe(arn);
    expect(resolver().resolve({ 'Fn::GetAtt': 'Table.Arn' })).toBe(arn);
  });

  it('resolves Fn::Join, Fn::Select, Fn::Split and both forms of Fn::Sub', () => {
    const r = resolver();
    expect(r.resolve({ 'Fn::Join': ['-', [{ Ref: 'Table' }, 'x']] })).toBe('Stack-Table-x');
    expect(r.resolve({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] })).toBe('b');
    expect(r.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:x:${AWS::Region}:${Table}/${Table.Arn}' })).toBe(
      'arn:aws:x:us-east-1:Stack-Table/arn:aws:dynamodb:us-east-1:000000000000:table/Stack-Table',
    );
    expect(r.resolve({ 'Fn::Sub': ['${Name}-${!Literal}', { Name: { Ref: 'Api' } }] })).toBe(
      'abc123defg-${Literal}',
    );
  });

  it('resolves intrinsics nested in plain objects and arrays', () => {
    expect(resolver().resolve({ a: [{ Ref: 'Table' }, 1, true], b: { c: null } })).toEqual({
      a: ['Stack-Table', 1, true],
      b: { c: null },
    });
  });

  it('points rewritten URL prefixes at the sandbox', () => {
    const r = resolver();
    r.rewritePrefix('https://abc123defg.execute-api.us-east-1.amazonaws.com/', 'http://127.0.0.1:4011/');
    const url = {
      'Fn::Join': [
        '',
        [
          'https://',
          { Ref: 'Api' },
          '.execute-api.',
          { Ref: 'AWS::Region' },
          '.',
          { Ref: 'AWS::URLSuffix' },
          '/prod',
        ],
      ],
    };
    expect(r.resolve(url)).toBe('http://127.0.0.1:4011/prod');
  });

  it('names the resource the sandbox lacks instead of inventing a value', () => {
    expect(() => resolver().resolve({ Ref: 'Missing' })).toThrow('Ref to Missing');
    expect(() => resolver().resolve({ 'Fn::GetAtt': ['Table', 'StreamArn'] })).toThrow('Table.StreamArn');
    expect(() => resolver().resolve({ 'Fn::ImportValue': 'x' })).toThrow('Fn::ImportValue is not supported');
  });
});

describe('loadCloudAssembly', () => {
  it('reads the stack and finds each function asset through the asset manifest', () => {
    const [stack] = loadCloudAssembly(SYNTHESIZED_APP_DIR);
    expect(stack.stackName).toBe('RealtimeChecks');
    const functions = resourcesOfType(stack.template, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const { properties } of functions) {
      const key = (properties.Code as { S3Key: string }).S3Key;
      expect(stack.assetDirectory(key)).toMatch(/cdk\.out\/asset\.[0-9a-f]{64}$/);
    }
    expect(() => stack.assetDirectory('nope.zip')).toThrow('No staged asset');
  });
});
