import type { CfnTemplate, SynthesizedStack } from '../../../sandbox/platform/cloud-assembly';

import { registerEventApis } from '../../../sandbox/appsync/register-apis';
import { Resolver } from '../../../sandbox/platform/resolver';
import { readFunctions, registerFunctions } from '../../../sandbox/lambda/functions';
import { synthesizedStack } from '../support/synthesized-app';

const pseudo = { region: 'eu-west-1', accountId: '000000000000', stackName: 'Stack' };

function stack(resources: CfnTemplate['Resources']): SynthesizedStack {
  return {
    stackName: 'Stack',
    template: { Resources: resources },
    assetDirectory: (key) => `/assets/${key.replace('.zip', '')}`,
  };
}

const code = { S3Bucket: 'bucket', S3Key: 'abc.zip' };

describe('registerFunctions', () => {
  it('registers the name as Ref and the ARN, from FunctionName or from the stack and logical id', () => {
    const resolver = new Resolver(pseudo);
    registerFunctions(
      stack({
        Named: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'my-fn', Code: code } },
        Unnamed: { Type: 'AWS::Lambda::Function', Properties: { Code: code } },
        [`Long${'X'.repeat(80)}`]: { Type: 'AWS::Lambda::Function', Properties: { Code: code } },
      }),
      resolver,
    );
    expect(resolver.resolve({ Ref: 'Named' })).toBe('my-fn');
    expect(resolver.resolve({ 'Fn::GetAtt': ['Unnamed', 'Arn'] })).toBe(
      'arn:aws:lambda:eu-west-1:000000000000:function:Stack-Unnamed',
    );
    expect(resolver.resolveString({ Ref: `Long${'X'.repeat(80)}` })).toHaveLength(64);
  });
});

describe('readFunctions', () => {
  it('reads code, handler, limits (with their defaults), log group and resolved environment', () => {
    const resolver = new Resolver(pseudo);
    const template = stack({
      Table: { Type: 'AWS::DynamoDB::Table' },
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: code,
          Handler: 'src/app.handler',
          Runtime: 'nodejs24.x',
          Environment: { Variables: { TABLE: { Ref: 'Table' }, PLAIN: 'x' } },
        },
      },
      Tuned: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: code,
          Handler: 'index.api.handler',
          Runtime: 'nodejs22.x',
          Timeout: 900,
          MemorySize: 1024,
          LoggingConfig: { LogGroup: { Ref: 'Logs' } },
        },
      },
    });
    registerFunctions(template, resolver);
    resolver.register('Table', { ref: 'Stack-Table' });
    resolver.register('Logs', { ref: 'Stack-Logs-123' });
    const [fn, tuned] = readFunctions(template, resolver);
    expect(fn).toEqual({
      logicalId: 'Fn',
      name: 'Stack-Fn',
      arn: 'arn:aws:lambda:eu-west-1:000000000000:function:Stack-Fn',
      codeDirectory: '/assets/abc',
      handler: 'src/app.handler',
      handlerModule: 'src/app',
      handlerExport: 'handler',
      runtime: 'nodejs24.x',
      timeoutSeconds: 3,
      memoryMb: 128,
      logGroupName: '/aws/lambda/Stack-Fn',
      environment: { TABLE: 'Stack-Table', PLAIN: 'x' },
    });
    expect(tuned).toMatchObject({
      handlerModule: 'index',
      handlerExport: 'api.handler',
      timeoutSeconds: 900,
      memoryMb: 1024,
      logGroupName: 'Stack-Logs-123',
      environment: {},
    });
  });

  it('refuses inline code, images and other runtimes, naming the function', () => {
    const read = (properties: Record<string, unknown>) => () => {
      const template = stack({ Odd: { Type: 'AWS::Lambda::Function', Properties: properties } });
      const resolver = new Resolver(pseudo);
      registerFunctions(template, resolver);
      return readFunctions(template, resolver);
    };
    expect(
      read({ Code: { ZipFile: 'exports.handler=()=>1' }, Handler: 'index.handler', Runtime: 'nodejs24.x' }),
    ).toThrow(/Odd has inline code/);
    expect(read({ Code: { ImageUri: 'repo:tag' }, PackageType: 'Image' })).toThrow(
      /Odd is a container image/,
    );
    expect(read({ Code: code, Handler: 'app.handler', Runtime: 'python3.13' })).toThrow(
      /Odd uses runtime 'python3.13'/,
    );
  });

  it('reads every function of the synthesized app', () => {
    const app = synthesizedStack();
    const resolver = new Resolver({ ...pseudo, stackName: app.stackName });
    registerFunctions(app, resolver);
    registerEventApis(app, resolver);
    registerEventApis(app, resolver);
    for (const logicalId of Object.keys(app.template.Resources)) {
      if (
        app.template.Resources[logicalId].Type === 'AWS::Lambda::Function' ||
        app.template.Resources[logicalId].Type.startsWith('AWS::AppSync::')
      )
        continue;
      resolver.register(logicalId, {
        ref: `${logicalId}-ref`,
        attributes: { Arn: `arn:aws:x:::${logicalId}` },
      });
    }
    const functions = readFunctions(app, resolver);
    const events = functions.find(({ logicalId }) => logicalId.startsWith('ChecksApiCheckEvents'));
    expect(events).toMatchObject({
      handlerModule: 'index',
      handlerExport: 'handler',
      environment: { CHECKS_TABLE_NAME: 'ChecksTable7D2BBDFC-ref', ALLOWED_ORIGINS: '*' },
    });
    expect(events?.codeDirectory).toMatch(/cdk\.out\/asset\.[0-9a-f]{64}$/);
  });
});
