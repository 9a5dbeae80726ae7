import { parseFunctionRef } from '../../../sandbox/lambda/function-ref';

describe('parseFunctionRef', () => {
  it('reads a name, with or without a qualifier', () => {
    expect(parseFunctionRef('my-function')).toEqual({ name: 'my-function' });
    expect(parseFunctionRef('my-function:live')).toEqual({ name: 'my-function', qualifier: 'live' });
  });

  it('reads full and partial ARNs, with $LATEST, a version or an alias', () => {
    expect(parseFunctionRef('arn:aws:lambda:eu-west-1:123456789012:function:fn')).toEqual({
      name: 'fn',
      region: 'eu-west-1',
      accountId: '123456789012',
    });
    expect(parseFunctionRef('arn:aws:lambda:eu-west-1:123456789012:function:fn:$LATEST')).toMatchObject({
      name: 'fn',
      qualifier: '$LATEST',
    });
    expect(parseFunctionRef('123456789012:function:fn:7')).toEqual({
      name: 'fn',
      accountId: '123456789012',
      qualifier: '7',
    });
  });

  it('rejects what Lambda would not accept', () => {
    expect(parseFunctionRef('arn:aws:sqs:eu-west-1:123456789012:queue')).toBeUndefined();
    expect(parseFunctionRef('has space')).toBeUndefined();
  });
});
