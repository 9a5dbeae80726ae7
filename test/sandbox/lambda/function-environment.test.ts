import {
  environmentVariables,
  logStreamName,
  oldSpaceMb,
} from '../../../sandbox/lambda/function-environment';
import { definition } from './fixtures';

const platform = { runtimeNodeModules: '/sdk/node_modules', runtimeDirectory: '/runtime', path: '/usr/bin' };

describe('environmentVariables', () => {
  it("sets Lambda's reserved variables, then the base, then the function's own", () => {
    const fn = definition('/code', 'fn', 'src/app.handler', {
      arn: 'arn:aws:lambda:eu-west-1:000000000000:function:fn',
      memoryMb: 256,
      runtime: 'nodejs22.x',
      environment: { TABLE: 't', SHARED: 'function' },
    });
    const variables = environmentVariables(
      fn,
      'stream',
      { SHARED: 'base', AWS_ACCESS_KEY_ID: 'key' },
      platform,
    );
    expect(variables).toMatchObject({
      _HANDLER: 'src/app.handler',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: 'fn',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/fn',
      AWS_LAMBDA_LOG_STREAM_NAME: 'stream',
      LAMBDA_TASK_ROOT: '/code',
      NODE_PATH: '/sdk/node_modules:/code',
      TZ: 'UTC',
      AWS_ACCESS_KEY_ID: 'key',
      TABLE: 't',
      SHARED: 'function',
    });
    expect(variables).not.toHaveProperty('AWS_LAMBDA_FUNCTION_TIMEOUT');
  });
});

describe('logStreamName', () => {
  it("is the day, then [$LATEST] and the environment's id", () => {
    expect(logStreamName(new Date('2026-03-04T23:59:00Z'), 'ab'.repeat(16))).toBe(
      `2026/03/04/[$LATEST]${'ab'.repeat(16)}`,
    );
  });
});

describe('oldSpaceMb', () => {
  it("leaves a tenth of the function's memory to V8's young generation", () => {
    expect(oldSpaceMb(128)).toBe(116);
    expect(oldSpaceMb(1024)).toBe(922);
  });
});
