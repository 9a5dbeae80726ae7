import { LambdaService } from '../../../sandbox/lambda/lambda-service';
import type { InvokeOutcome } from '../../../sandbox/lambda/invoker';
import { INIT_FAILURES, STATE_BUNDLE } from './bundles';
import { definition, logCollector, writeBundles } from './fixtures';

interface StateResult {
  readonly environmentId: string;
  readonly invocations: number;
  readonly loadedBy: string[];
  readonly env: Record<string, string>;
  readonly context: Record<string, unknown>;
  readonly startedAt: number;
  readonly endedAt: number;
}

const bundles = writeBundles({ 'index.js': STATE_BUNDLE, ...INIT_FAILURES });
const code = bundles.directory;
const services: LambdaService[] = [];
const logs = logCollector();

function service(...args: ConstructorParameters<typeof LambdaService>): LambdaService {
  const created = new LambdaService(...args);
  services.push(created);
  return created;
}

function payload(outcome: InvokeOutcome): StateResult {
  if (!outcome.ok) throw new Error(`Expected success, got ${JSON.stringify(outcome.error)}`);
  return outcome.payload as StateResult;
}

function failed(outcome: InvokeOutcome) {
  if (outcome.ok) throw new Error(`Expected an error, got ${JSON.stringify(outcome.payload)}`);
  return outcome.error;
}

afterEach(async () => {
  await Promise.all(services.splice(0).map((created) => created.stop()));
});
afterAll(() => bundles.remove());

describe('LambdaService environments', () => {
  it('isolates functions: their own process.env, module state and globals', async () => {
    const lambda = service(
      [
        definition(code, 'one', 'index.act', { environment: { WHO: 'one' } }),
        definition(code, 'two', 'index.act', { environment: { WHO: 'two' } }),
      ],
      { baseEnvironment: {} },
    );
    const one = payload(await lambda.invoke('one', {}));
    const two = payload(await lambda.invoke('two', {}));
    expect([one.env.WHO, two.env.WHO]).toEqual(['one', 'two']);
    expect([one.invocations, two.invocations]).toEqual([1, 1]);
    expect(one.loadedBy).toEqual(['one']);
    expect(two.loadedBy).toEqual(['two']);
    expect(one.environmentId).not.toBe(two.environmentId);
  });

  it('keeps an environment warm: the module loads once and its state survives', async () => {
    const lambda = service([definition(code, 'warm', 'index.act')], { baseEnvironment: {} });
    const first = payload(await lambda.invoke('warm', {}));
    const second = payload(await lambda.invoke('warm', {}));
    expect(second.environmentId).toBe(first.environmentId);
    expect(second.invocations).toBe(2);
    expect(second.loadedBy).toEqual(['warm']);
  });

  it('gives concurrent invocations their own environments', async () => {
    const lambda = service([definition(code, 'busy', 'index.act')], { baseEnvironment: {} });
    const [a, b] = await Promise.all([
      lambda.invoke('busy', { action: 'sleep', ms: 300 }),
      lambda.invoke('busy', { action: 'sleep', ms: 300 }),
    ]);
    expect(payload(a).environmentId).not.toBe(payload(b).environmentId);
  });

  it('queues invocations beyond maxConcurrency, in order, on the same environment', async () => {
    const lambda = service([definition(code, 'single', 'index.act')], {
      baseEnvironment: {},
      maxConcurrency: 1,
    });
    const [a, b] = (
      await Promise.all([
        lambda.invoke('single', { action: 'sleep', ms: 200 }),
        lambda.invoke('single', { action: 'sleep', ms: 10 }),
      ])
    ).map(payload);
    expect(b.environmentId).toBe(a.environmentId);
    expect(b.startedAt).toBeGreaterThanOrEqual(a.endedAt);
  });

  it('gives the handler the context and reserved variables of Lambda', async () => {
    const lambda = service(
      [
        definition(code, 'ctx', 'index.act', {
          memoryMb: 256,
          environment: { FROM: 'function', SHARED: 'function' },
        }),
      ],
      { baseEnvironment: { AWS_ACCESS_KEY_ID: 'sandbox', SHARED: 'base' } },
    );
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:ctx';
    const result = payload(await lambda.invoke(`${arn}:live`, { hello: 'world' }));
    expect(result.context).toEqual({
      callbackWaitsForEmptyEventLoop: true,
      functionName: 'ctx',
      functionVersion: '$LATEST',
      invokedFunctionArn: `${arn}:live`,
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/ctx',
      logStreamName: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/),
      awsRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      remaining: expect.any(Number),
    });
    expect(result.context.remaining).toBeGreaterThan(0);
    expect(result.context.remaining).toBeLessThanOrEqual(3000);
    expect(result.env).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'ctx',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      _HANDLER: 'index.act',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: code,
      TZ: 'UTC',
      AWS_ACCESS_KEY_ID: 'sandbox',
      FROM: 'function',
      SHARED: 'function',
    });
    const plain = payload(await lambda.invoke('ctx', {}));
    expect(plain.context.invokedFunctionArn).toBe(arn);
  });

  it('writes the runtime log format and the platform lines to the log sink', async () => {
    const lambda = service([definition(code, 'logged', 'index.act')], {
      baseEnvironment: {},
      logSink: logs.sink,
    });
    const result = payload(await lambda.invoke('logged', {}));
    await lambda.stop();
    const requestId = String(result.context.awsRequestId);
    expect(logs.lines('logged')).toEqual(
      expect.arrayContaining([
        `START RequestId: ${requestId} Version: $LATEST`,
        expect.stringMatching(new RegExp(`^\\S+Z\\t${requestId}\\tINFO\\tinvocation 1 \\rsecond line$`)),
        `END RequestId: ${requestId}`,
        expect.stringMatching(
          new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: .*\\tInit Duration: .* ms\\t$`),
        ),
      ]),
    );
  });

  it('supports callback handlers, nested handler paths and ES modules', async () => {
    const lambda = service(
      [
        definition(code, 'cb', 'index.callback'),
        definition(code, 'nested', 'src/nested/app.api.handler'),
        definition(code, 'esm', 'module.handler'),
      ],
      { baseEnvironment: {} },
    );
    expect(await lambda.invoke('esm', {})).toEqual({ ok: true, payload: 'esm' });
    expect(await lambda.invoke('cb', { n: 1 })).toEqual({
      ok: true,
      payload: { via: 'callback', event: { n: 1 } },
    });
    expect(await lambda.invoke('nested', {})).toEqual({ ok: true, payload: 'nested' });
  });

  it('answers ResourceNotFoundException for an unknown function or another account', async () => {
    const lambda = service([definition(code, 'known', 'index.act')], { baseEnvironment: {} });
    expect(failed(await lambda.invoke('unknown', {}))).toEqual({
      errorType: 'ResourceNotFoundException',
      errorMessage: 'Function not found: unknown',
    });
    expect(
      failed(await lambda.invoke('arn:aws:lambda:us-east-1:111111111111:function:known', {})).errorType,
    ).toBe('ResourceNotFoundException');
  });
});

describe('LambdaService failures', () => {
  it('times out: the environment is terminated and the next invocation gets a fresh one', async () => {
    const lambda = service([definition(code, 'slow', 'index.act', { timeoutSeconds: 1 })], {
      baseEnvironment: {},
      maxConcurrency: 1,
      logSink: logs.sink,
    });
    const before = payload(await lambda.invoke('slow', {}));
    const error = failed(await lambda.invoke('slow', { action: 'hang' }));
    expect(error.errorType).toBe('Sandbox.Timedout');
    expect(error.errorMessage).toMatch(
      /^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/,
    );
    expect(logs.lines('slow')).toContainEqual(expect.stringMatching(/Task timed out after 1\.00 seconds$/));
    const after = payload(await lambda.invoke('slow', {}));
    expect(after.environmentId).not.toBe(before.environmentId);
    expect(after.invocations).toBe(1);
  });

  it('reports a thrown error or a rejection and keeps the environment warm', async () => {
    const lambda = service([definition(code, 'thrower', 'index.act')], { baseEnvironment: {} });
    const before = payload(await lambda.invoke('thrower', {}));
    const error = failed(await lambda.invoke('thrower', { action: 'throw' }));
    expect(error).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });
    expect(error.trace?.[0]).toBe('TypeError: bad input');
    expect(failed(await lambda.invoke('thrower', { action: 'reject-string' }))).toEqual({
      errorType: 'string',
      errorMessage: 'just a string',
      trace: [],
    });
    expect(payload(await lambda.invoke('thrower', {})).environmentId).toBe(before.environmentId);
  });

  it.each([
    ['uncaught', { errorType: 'RangeError', errorMessage: 'boom' }],
    [
      'unhandled',
      { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: nobody caught me' },
    ],
    [
      'exit',
      {
        errorType: 'Runtime.ExitError',
        errorMessage: expect.stringMatching(/exited with error: exit status 3$/),
      },
    ],
    [
      'leak',
      {
        errorType: 'Runtime.ExitError',
        errorMessage: expect.stringMatching(/exited with error: signal: aborted$/),
      },
    ],
  ])('reports a crash (%s) and discards the environment', async (action, expected) => {
    const lambda = service([definition(code, 'crasher', 'index.act')], { baseEnvironment: {} });
    const before = payload(await lambda.invoke('crasher', {}));
    expect(failed(await lambda.invoke('crasher', { action }))).toMatchObject(expected);
    expect(payload(await lambda.invoke('crasher', {})).environmentId).not.toBe(before.environmentId);
  });

  it.each([
    ['missing.handler', 'Runtime.ImportModuleError', /^Error: Cannot find module 'missing'/],
    ['noexport.handler', 'Runtime.HandlerNotFound', /^noexport\.handler is undefined or not exported$/],
    ['syntax.handler', 'Runtime.UserCodeSyntaxError', /^SyntaxError: /],
    ['throws.handler', 'Error', /^init failed$/],
  ])('fails the invocation when init fails (%s), every time', async (handler, errorType, message) => {
    const lambda = service([definition(code, 'broken', handler)], { baseEnvironment: {} });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const error = failed(await lambda.invoke('broken', {}));
      expect(error.errorType).toBe(errorType);
      expect(error.errorMessage).toMatch(message);
    }
  });

  it("enforces Lambda's payload limits and JSON results", async () => {
    const lambda = service([definition(code, 'sizes', 'index.act')], { baseEnvironment: {} });
    expect(failed(await lambda.invoke('sizes', { blob: 'x'.repeat(6 * 1024 * 1024) }))).toEqual({
      errorType: 'RequestTooLargeException',
      errorMessage: 'Request must be smaller than 6291456 bytes for the Invoke operation',
    });
    expect(failed(await lambda.invoke('sizes', { action: 'large', size: 6 * 1024 * 1024 + 100 }))).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage:
        'Response payload size (6291558 bytes) exceeded maximum allowed payload size (6291556 bytes).',
    });
    expect(failed(await lambda.invoke('sizes', { action: 'bigint' }))).toMatchObject({
      errorType: 'Error',
      errorMessage: 'Unable to stringify response body',
    });
    expect(
      payload(await lambda.invoke('sizes', { action: 'large', size: 6 * 1024 * 1024 })).toString(),
    ).toHaveLength(6 * 1024 * 1024);
  });
});
