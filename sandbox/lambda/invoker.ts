/** How an invocation ended: the handler's result, or the error Lambda would report. */
export type InvokeOutcome =
  { readonly ok: true; readonly payload: unknown } | { readonly ok: false; readonly error: FunctionError };

/** Lambda's error payload (`errorType` is `Sandbox.Timedout` for a timeout, as Lambda names it). */
export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/**
 * A response-streaming invocation (`InvokeWithResponseStream`). `body` yields the raw bytes the
 * function wrote, exactly as the runtime sends them: for `HttpResponseStream`, the JSON prelude,
 * 8 NUL bytes, then the body. Each chunk is yielded as soon as the function writes it.
 */
export interface StreamingInvocation {
  readonly body: AsyncIterable<Buffer>;
  /** The stream's content type as the function set it (`application/vnd.awslambda.http-integration-response`). */
  readonly contentType: () => string | undefined;
  readonly done: Promise<InvokeOutcome>;
  /** The caller went away (client disconnected): the function's stream errors, as on AWS. */
  abort(): void;
}

/** The Lambda service as the sandbox's API Gateway, event source mappings and SNS see it. */
export interface Invoker {
  /** `functionRef` is a function ARN (as integrations name it) or a function name. */
  invoke(functionRef: string, event: unknown): Promise<InvokeOutcome>;
  invokeWithResponseStream(functionRef: string, event: unknown): StreamingInvocation;
}
