import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { oldSpaceMb } from './function-environment';
import type { FunctionDefinition } from './functions';
import type { FunctionError } from './invoker';
import { runtimeExited, serviceStopped, timedOut } from './lambda-errors';
import { LineSplitter } from './line-splitter';
import { platformLog } from './platform-log';
import type { FromEnvironment, ToEnvironment } from './worker-messages';

/**
 * The worker's entry: tsx compiles the runtime (TypeScript), then steps aside, so the
 * function's bundle loads as plain Node.js loads it (a syntax error stays a SyntaxError).
 */
const WORKER_ENTRY = [
  `const unregister = require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();`,
  `const { start } = require(${JSON.stringify(join(__dirname, 'runtime', 'bootstrap.ts'))});`,
  'unregister();',
  'void start();',
].join('\n');
/**
 * Lambda gives an on-demand environment's init phase 10 seconds; an init that takes longer
 * is run again inside the first invocation, under the function's timeout.
 */
const INIT_PHASE_MS = 10_000;

export interface InvocationRequest {
  readonly requestId: string;
  readonly eventJson: string;
  readonly invokedFunctionArn: string;
}

/** Receives what a streaming handler writes, in order. */
export interface StreamListener {
  contentType(contentType: string): void;
  /** `taken` lets the function's stream send its next chunk. */
  chunk(data: Buffer, taken: () => void): void;
  end(): void;
}

/** A buffered handler answers with its JSON; a streaming handler's output went to the listener. */
export type RunResult =
  { readonly ok: true; readonly json?: string } | { readonly ok: false; readonly error: FunctionError };

type InitState =
  | { readonly ok: true; readonly streaming: boolean }
  | { readonly ok: false; readonly failure: (requestId: string) => FunctionError };

interface Running {
  readonly requestId: string;
  readonly listener: StreamListener | undefined;
  readonly settle: (result: RunResult) => void;
}

export interface EnvironmentOptions {
  readonly definition: FunctionDefinition;
  readonly variables: Readonly<Record<string, string>>;
  readonly logSink: (functionName: string, line: string) => void;
  /** The environment ended on its own (a crash between invocations): it must leave the pool. */
  readonly onGone: () => void;
  /** Default `INIT_PHASE_MS`; tests shorten it. */
  readonly initPhaseMs?: number;
}

/**
 * One execution environment: a worker thread with its own `process.env`, module cache and
 * globals, that loads the function once and serves one invocation at a time. A timeout or a
 * crash ends it; a handler's error does not.
 */
export class ExecutionEnvironment {
  private readonly worker: Worker;
  private readonly initState: Promise<InitState>;
  private resolveInit: (state: InitState) => void = () => undefined;
  private running: Running | undefined;
  /** A caller that went away before its invocation reached the function. */
  private abortedEarly: string | undefined;
  private outOfMemory = false;
  private gone = false;
  private readonly createdAt = performance.now();
  private initDurationMs: number | undefined;
  private initReported = false;

  constructor(private readonly options: EnvironmentOptions) {
    this.initState = new Promise((resolveInit) => {
      this.resolveInit = resolveInit;
    });
    this.worker = new Worker(WORKER_ENTRY, {
      eval: true,
      env: { ...options.variables },
      resourceLimits: { maxOldGenerationSizeMb: oldSpaceMb(options.definition.memoryMb) },
      stdout: true,
      stderr: true,
      name: options.definition.name,
    });
    this.capture(this.worker.stdout);
    this.capture(this.worker.stderr);
    // Init is not restarted past its phase, as Lambda does, but goes on: it ends no later than a
    // restarted one would, and the first invocation's timeout covers the overrun.
    const { timeoutSeconds } = options.definition;
    const initTimer = setTimeout(
      () => {
        this.resolveInit({ ok: false, failure: (requestId) => timedOut(requestId, timeoutSeconds) });
        void this.terminate();
      },
      this.initPhaseMs + timeoutSeconds * 1000,
    );
    void this.initState.then(() => clearTimeout(initTimer));
    this.worker.on('message', (message: FromEnvironment) => this.receive(message));
    this.worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.outOfMemory = true;
      this.log(String(error));
    });
    this.worker.on('exit', (code) => this.exited(code));
  }

  private get initPhaseMs(): number {
    return this.options.initPhaseMs ?? INIT_PHASE_MS;
  }

  get alive(): boolean {
    return !this.gone;
  }

  /** Runs one invocation; the caller must not start another before this settles. */
  async run(request: InvocationRequest, listener: StreamListener | undefined): Promise<RunResult> {
    const init = await this.initState;
    if (!init.ok) return { ok: false, error: init.failure(request.requestId) };
    if (this.gone) return { ok: false, error: runtimeExited(request.requestId, 1) };
    const { definition } = this.options;
    const started = performance.now();
    const overrunMs = this.initReported ? 0 : Math.max(0, (this.initDurationMs ?? 0) - this.initPhaseMs);
    const budgetMs = Math.max(0, definition.timeoutSeconds * 1000 - overrunMs);
    const deadlineMs = Date.now() + budgetMs;
    this.log(platformLog.start(request.requestId));
    const result = await new Promise<RunResult>((settle) => {
      const timer = setTimeout(() => {
        this.log(platformLog.timedOut(new Date(), request.requestId, definition.timeoutSeconds));
        this.settle({ ok: false, error: timedOut(request.requestId, definition.timeoutSeconds) });
        void this.terminate();
      }, budgetMs);
      this.running = {
        requestId: request.requestId,
        listener,
        settle: (outcome) => {
          clearTimeout(timer);
          settle(outcome);
        },
      };
      this.send({ type: 'invoke', ...request, deadlineMs });
      // Like a connection dropped before the first byte: the function starts, and its stream is already broken.
      if (this.abortedEarly === request.requestId) this.send({ type: 'abort', requestId: request.requestId });
    });
    this.log(platformLog.end(request.requestId));
    const initDuration = this.initReported ? undefined : this.initDurationMs;
    this.initReported = true;
    this.log(
      platformLog.report(request.requestId, performance.now() - started, definition.memoryMb, initDuration),
    );
    return result;
  }

  /** The caller of a streaming invocation went away. */
  abort(requestId: string): void {
    if (this.running?.requestId === requestId) this.send({ type: 'abort', requestId });
    else this.abortedEarly = requestId;
  }

  /** Ends the environment; an invocation still running fails as the service stops. */
  async terminate(): Promise<void> {
    if (this.running !== undefined) this.settle({ ok: false, error: serviceStopped() });
    this.gone = true;
    await this.worker.terminate();
  }

  private receive(message: FromEnvironment): void {
    switch (message.type) {
      case 'ready':
        this.initDurationMs = performance.now() - this.createdAt;
        this.resolveInit({ ok: true, streaming: message.streaming });
        return;
      case 'init-error':
        // The runtime exits after reporting it; no invocation may land here meanwhile.
        this.gone = true;
        this.resolveInit({ ok: false, failure: () => message.error });
        return;
      case 'fatal':
        this.gone = true;
        this.resolveInit({ ok: false, failure: () => message.error });
        if (this.running !== undefined && message.requestId === this.running.requestId) {
          this.settle({ ok: false, error: message.error });
        }
        return;
    }
    const running = this.running;
    if (running === undefined || running.requestId !== message.requestId) return;
    switch (message.type) {
      case 'result':
        this.settle({ ok: true, json: message.json });
        return;
      case 'error':
        this.settle({ ok: false, error: message.error });
        return;
      case 'content-type':
        running.listener?.contentType(message.contentType);
        return;
      case 'chunk': {
        const data = Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength);
        const taken = (): void => this.send({ type: 'ack', requestId: running.requestId });
        if (running.listener === undefined) taken();
        else running.listener.chunk(data, taken);
        return;
      }
      case 'end':
        running.listener?.end();
        return;
      case 'done':
        this.settle(message.error === undefined ? { ok: true } : { ok: false, error: message.error });
        return;
    }
  }

  private settle(result: RunResult): void {
    const running = this.running;
    if (running === undefined) return;
    this.running = undefined;
    running.settle(result);
  }

  private exited(code: number): void {
    this.gone = true;
    const termination = this.outOfMemory ? 'signal: aborted' : code;
    this.resolveInit({ ok: false, failure: (requestId) => runtimeExited(requestId, termination) });
    if (this.running !== undefined) {
      const error = runtimeExited(this.running.requestId, termination);
      // Lambda's own log lines for a runtime that died mid-invocation.
      this.log(error.errorMessage);
      this.log(error.errorType);
      this.settle({ ok: false, error });
    }
    this.options.onGone();
  }

  private send(message: ToEnvironment): void {
    if (!this.gone) this.worker.postMessage(message);
  }

  private capture(stream: NodeJS.ReadableStream): void {
    const lines = new LineSplitter((line) => this.log(line));
    stream.on('data', (chunk: Buffer) => lines.push(chunk));
    stream.on('end', () => lines.end());
  }

  private log(line: string): void {
    this.options.logSink(this.options.definition.name, line);
  }
}
