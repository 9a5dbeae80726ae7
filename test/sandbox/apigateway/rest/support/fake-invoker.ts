import type { InvokeOutcome, Invoker, StreamingInvocation } from '../../../../../sandbox/lambda/invoker';

/** A function's canned behaviour: its result, or Lambda's error for it. */
export type BufferedBehaviour = (event: unknown) => InvokeOutcome | Promise<InvokeOutcome>;

/** What a streaming function does with its response stream. */
export type StreamingBehaviour = (stream: FakeResponseStream, event: unknown) => Promise<InvokeOutcome>;

export interface RecordedCall {
  readonly functionRef: string;
  readonly event: unknown;
  readonly streaming: boolean;
}

export const ok = (payload: unknown): InvokeOutcome => ({ ok: true, payload });
export const functionError = (errorMessage: string, errorType = 'Error'): InvokeOutcome => ({
  ok: false,
  error: { errorType, errorMessage },
});

/** The bytes `awslambda.HttpResponseStream.from` writes before the body. */
export function preludeOf(metadata: unknown): Buffer {
  return Buffer.concat([Buffer.from(JSON.stringify(metadata)), Buffer.alloc(8)]);
}

/** The function's side of a response stream: what it writes reaches the gateway as one chunk. */
export class FakeResponseStream implements AsyncIterable<Buffer> {
  private readonly chunks: Buffer[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  private abortedResolve: (() => void) | undefined;
  /** Resolves when the gateway aborts the invocation (its client went away). */
  readonly aborted: Promise<void> = new Promise((resolve) => {
    this.abortedResolve = resolve;
  });
  isAborted = false;

  write(chunk: string | Buffer): void {
    if (this.ended) return;
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  abort(): void {
    this.isAborted = true;
    this.abortedResolve?.();
    this.end();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk !== undefined) {
        yield chunk;
      } else if (this.ended) {
        return;
      } else {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    }
  }
}

/** An in-memory Lambda service: records every event and answers as each function is told to. */
export class FakeInvoker implements Invoker {
  readonly calls: RecordedCall[] = [];
  readonly streams: FakeResponseStream[] = [];
  private readonly buffered = new Map<string, BufferedBehaviour>();
  private readonly streaming = new Map<string, StreamingBehaviour>();

  answer(functionRef: string, behaviour: BufferedBehaviour): this {
    this.buffered.set(functionRef, behaviour);
    return this;
  }

  stream(functionRef: string, behaviour: StreamingBehaviour): this {
    this.streaming.set(functionRef, behaviour);
    return this;
  }

  callsTo(functionRef: string): RecordedCall[] {
    return this.calls.filter((call) => call.functionRef === functionRef);
  }

  async invoke(functionRef: string, event: unknown): Promise<InvokeOutcome> {
    this.calls.push({ functionRef, event, streaming: false });
    const behaviour = this.buffered.get(functionRef);
    if (behaviour === undefined) throw new Error(`Function not found: ${functionRef}`);
    return behaviour(event);
  }

  invokeWithResponseStream(functionRef: string, event: unknown): StreamingInvocation {
    this.calls.push({ functionRef, event, streaming: true });
    const behaviour = this.streaming.get(functionRef);
    if (behaviour === undefined) throw new Error(`Streaming function not found: ${functionRef}`);
    const stream = new FakeResponseStream();
    this.streams.push(stream);
    const done = behaviour(stream, event).finally(() => stream.end());
    return {
      body: stream,
      contentType: () => 'application/vnd.awslambda.http-integration-response',
      done,
      abort: () => stream.abort(),
    };
  }
}
