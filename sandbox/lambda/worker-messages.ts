import type { FunctionError } from './invoker';

/** What the Lambda service sends an execution environment (a worker thread). */
export type ToEnvironment =
  | {
      readonly type: 'invoke';
      readonly requestId: string;
      /** The event as Lambda hands it to the runtime: JSON text. */
      readonly eventJson: string;
      readonly invokedFunctionArn: string;
      /** Epoch milliseconds, as the runtime API's `Lambda-Runtime-Deadline-Ms` header. */
      readonly deadlineMs: number;
    }
  /** The last streamed chunk was taken: the function's stream may send the next one. */
  | { readonly type: 'ack'; readonly requestId: string }
  /** The caller went away: the function's response stream breaks. */
  | { readonly type: 'abort'; readonly requestId: string };

/** What an execution environment reports, in order, over its one port. */
export type FromEnvironment =
  | { readonly type: 'ready'; readonly streaming: boolean }
  | { readonly type: 'init-error'; readonly error: FunctionError }
  /** A buffered handler's result, serialized as Lambda serializes it. */
  | { readonly type: 'result'; readonly requestId: string; readonly json: string }
  | { readonly type: 'error'; readonly requestId: string; readonly error: FunctionError }
  | { readonly type: 'content-type'; readonly requestId: string; readonly contentType: string }
  | { readonly type: 'chunk'; readonly requestId: string; readonly data: Uint8Array }
  /** The response stream has ended: every chunk has been sent. */
  | { readonly type: 'end'; readonly requestId: string }
  /** A streaming invocation is over (its handler settled, its stream closed). */
  | { readonly type: 'done'; readonly requestId: string; readonly error?: FunctionError }
  /** An uncaught exception or unhandled rejection: the runtime reports it, then exits. */
  | { readonly type: 'fatal'; readonly requestId?: string; readonly error: FunctionError };
