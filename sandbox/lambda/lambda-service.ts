import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EnvironmentPool } from './environment-pool';
import { ExecutionEnvironment, type RunResult, type StreamListener } from './execution-environment';
import { environmentVariables, logStreamName, type PlatformPaths } from './function-environment';
import { parseFunctionRef } from './function-ref';
import type { FunctionDefinition } from './functions';
import type { FunctionError, InvokeOutcome, Invoker, StreamingInvocation } from './invoker';
import {
  clientDisconnected,
  functionNotFound,
  invalidRequestContent,
  MAX_REQUEST_BYTES,
  type InvokeOperation,
  MAX_RESPONSE_BYTES,
  requestTooLarge,
  responseTooLarge,
  serviceStopped,
} from './lambda-errors';
import { StreamingBody } from './streaming-body';

export interface LambdaServiceOptions {
  /** Variables every function gets (the SDK's endpoints and credentials); a function's own win. */
  readonly baseEnvironment: Readonly<Record<string, string>>;
  /** Execution environments per function (default 10); further invocations wait their turn. */
  readonly maxConcurrency?: number;
  /** The init phase before init goes on inside the first invocation (default Lambda's 10 s). */
  readonly initPhaseMs?: number;
  /** Every line a function's environments write, and the platform's START/END/REPORT lines. */
  readonly logSink?: (functionName: string, line: string) => void;
}

interface DeployedFunction {
  readonly definition: FunctionDefinition;
  readonly pool: EnvironmentPool<ExecutionEnvironment>;
}

/** A function an invocation found, and the ARN it was invoked by (with its qualifier, if any). */
interface Target extends DeployedFunction {
  readonly invokedFunctionArn: string;
}

const failure = (error: FunctionError): InvokeOutcome => ({ ok: false, error });

const SDK_ENTRY = require.resolve('@aws-sdk/client-dynamodb');

// The AWS SDK that Lambda's Node.js runtime provides is, here, the sandbox's own.
const PLATFORM: PlatformPaths = {
  runtimeNodeModules: SDK_ENTRY.slice(0, SDK_ENTRY.lastIndexOf('/@aws-sdk/client-dynamodb/')),
  runtimeDirectory: join(__dirname, 'runtime'),
  path: process.env.PATH,
};

/** An Invoke payload is JSON; with no payload at all Lambda hands the function `{}`. */
function serializeEvent(
  event: unknown,
  operation: InvokeOperation,
): { json: string } | { error: FunctionError } {
  let json: string | undefined;
  try {
    json = event === undefined ? '{}' : JSON.stringify(event);
  } catch (error) {
    return { error: invalidRequestContent((error as Error).message) };
  }
  if (json === undefined) return { error: invalidRequestContent('the event is not JSON') };
  if (Buffer.byteLength(json) > MAX_REQUEST_BYTES) return { error: requestTooLarge(operation) };
  return { json };
}

/** A buffered answer crosses as JSON text, within Lambda's 6 MB response limit. */
function bufferedOutcome(json: string): InvokeOutcome {
  const size = Buffer.byteLength(json);
  if (size > MAX_RESPONSE_BYTES) return failure(responseTooLarge(size));
  return { ok: true, payload: JSON.parse(json) as unknown };
}

/** What plain Invoke returns for a streaming handler: the streamed bytes, buffered (JSON if they parse). */
class StreamCollector implements StreamListener {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  contentType(): void {}

  chunk(data: Buffer, taken: () => void): void {
    this.size += data.length;
    if (this.size <= MAX_RESPONSE_BYTES) this.chunks.push(data);
    taken();
  }

  end(): void {}

  outcome(): InvokeOutcome {
    if (this.size > MAX_RESPONSE_BYTES) return failure(responseTooLarge(this.size));
    const text = Buffer.concat(this.chunks).toString('utf8');
    try {
      return { ok: true, payload: JSON.parse(text) as unknown };
    } catch {
      return { ok: true, payload: text };
    }
  }
}

/**
 * The sandbox's Lambda service: each function runs in its own execution environments
 * (worker threads), created when needed and kept warm between invocations.
 */
export class LambdaService implements Invoker {
  private readonly functions = new Map<string, DeployedFunction>();
  private readonly logSink: (functionName: string, line: string) => void;
  private stopped = false;

  constructor(
    functions: readonly FunctionDefinition[],
    private readonly options: LambdaServiceOptions,
  ) {
    this.logSink = options.logSink ?? (() => undefined);
    for (const definition of functions) {
      const pool: EnvironmentPool<ExecutionEnvironment> = new EnvironmentPool(() => {
        const environment: ExecutionEnvironment = this.createEnvironment(definition, () =>
          pool.discard(environment),
        );
        return environment;
      }, options.maxConcurrency ?? 10);
      this.functions.set(definition.name, { definition, pool });
    }
  }

  async invoke(functionRef: string, event: unknown): Promise<InvokeOutcome> {
    const target = this.find(functionRef);
    if ('error' in target) return failure(target.error);
    const serialized = serializeEvent(event, 'Invoke');
    if ('error' in serialized) return failure(serialized.error);
    const collector = new StreamCollector();
    const result = await this.run(target, serialized.json, collector, () => false);
    if (!result.ok) return failure(result.error);
    return result.json === undefined ? collector.outcome() : bufferedOutcome(result.json);
  }

  invokeWithResponseStream(functionRef: string, event: unknown): StreamingInvocation {
    const body = new StreamingBody();
    let contentType: string | undefined;
    let aborted = false;
    let abortRunning: (() => void) | undefined;
    const listener: StreamListener = {
      contentType: (value) => {
        contentType = value;
      },
      chunk: (data, taken) => body.push(data, taken),
      end: () => body.end(),
    };
    const stream = async (): Promise<InvokeOutcome> => {
      const target = this.find(functionRef);
      if ('error' in target) return failure(target.error);
      const serialized = serializeEvent(event, 'InvokeWithResponseStream');
      if ('error' in serialized) return failure(serialized.error);
      const result = await this.run(target, serialized.json, listener, (abort) => {
        abortRunning = abort;
        return aborted;
      });
      if (!result.ok) return failure(result.error);
      if (result.json === undefined) return { ok: true, payload: undefined };
      // A buffered handler's result comes back as one chunk of JSON.
      contentType = 'application/json';
      const outcome = bufferedOutcome(result.json);
      if (outcome.ok) body.push(Buffer.from(result.json), () => undefined);
      return outcome;
    };
    const done = stream().finally(() => body.end());
    return {
      body: body.readable,
      contentType: () => contentType,
      done,
      abort() {
        if (aborted) return;
        aborted = true;
        abortRunning?.();
        body.end();
      },
    };
  }

  /** Ends every execution environment; invocations still running fail, waiting ones are refused. */
  async stop(): Promise<void> {
    this.stopped = true;
    const environments = [...this.functions.values()].flatMap(({ pool }) => pool.close());
    await Promise.all(environments.map((environment) => environment.terminate()));
  }

  /** Every qualifier runs `$LATEST`: the sandbox deploys no versions or aliases. */
  private find(functionRef: string): Target | { error: FunctionError } {
    const ref = parseFunctionRef(functionRef);
    const deployed = ref === undefined ? undefined : this.functions.get(ref.name);
    if (ref === undefined || deployed === undefined) return { error: functionNotFound(functionRef) };
    const { arn } = deployed.definition;
    const [, , , region, accountId] = arn.split(':');
    if ((ref.region ?? region) !== region || (ref.accountId ?? accountId) !== accountId) {
      return { error: functionNotFound(functionRef) };
    }
    return { ...deployed, invokedFunctionArn: ref.qualifier === undefined ? arn : `${arn}:${ref.qualifier}` };
  }

  /**
   * Runs one invocation in a free environment. `started` hands over a way to abort it once it
   * runs, and answers whether the caller already went away while it waited.
   */
  private async run(
    { pool, invokedFunctionArn }: Target,
    eventJson: string,
    listener: StreamListener,
    started: (abort: () => void) => boolean,
  ): Promise<RunResult> {
    if (this.stopped) return { ok: false, error: serviceStopped() };
    let environment: ExecutionEnvironment;
    try {
      environment = await pool.acquire();
    } catch {
      return { ok: false, error: serviceStopped() };
    }
    const requestId = randomUUID();
    if (started(() => environment.abort(requestId))) {
      pool.release(environment);
      return { ok: false, error: clientDisconnected() };
    }
    try {
      return await environment.run({ requestId, eventJson, invokedFunctionArn }, listener);
    } finally {
      if (environment.alive) pool.release(environment);
      else pool.discard(environment);
    }
  }

  private createEnvironment(definition: FunctionDefinition, onGone: () => void): ExecutionEnvironment {
    const streamName = logStreamName(new Date(), randomBytes(16).toString('hex'));
    return new ExecutionEnvironment({
      definition,
      variables: environmentVariables(definition, streamName, this.options.baseEnvironment, PLATFORM),
      logSink: this.logSink,
      onGone,
      initPhaseMs: this.options.initPhaseMs,
    });
  }
}
