/**
 * The Node.js runtime of one execution environment, run in a worker thread: it loads the
 * handler once (the init phase), then runs one invocation at a time as the Lambda runtime
 * interface client does, reporting over the thread's port instead of the runtime API.
 * Loading this module sets the process up; `start()` loads the function.
 */
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import type { FromEnvironment, ToEnvironment } from '../worker-messages';
import { toFunctionError, UnhandledPromiseRejection } from './errors';
import { trustExtraCaCertificates } from './extra-ca-certs';
import { attachInvocationData, eventLoopFlag } from './invoke-context';
import { logError, patchConsole } from './log-patch';
import { createResponseStream } from './response-stream';
import { handlerMetadata, loadHandler, type HandlerMetadata, type UserHandler } from './user-function';

type Invocation = Extract<ToEnvironment, { type: 'invoke' }>;

// The runtime interface client's own words, so the sandbox's logs warn as Lambda's do.
const CALLBACK_WARNING =
  'AWS Lambda plans to remove support for callback-based function handlers starting with Node.js 24. You will need to update this function to use an async handler to use Node.js 24 or later. For more information and to provide feedback on this change, see https://github.com/aws/aws-lambda-nodejs-runtime-interface-client/issues/137. To disable this warning, set the AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING environment variable.';

interface Active {
  readonly requestId: string;
  stream?: Writable;
  sent?: (error?: Error | null) => void;
}

if (parentPort === null) throw new Error('The Lambda runtime runs in a worker thread');
const port = parentPort;

function post(message: FromEnvironment, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

// A worker cannot take NODE_OPTIONS; this is the one option the bundles rely on.
if ((process.env.NODE_OPTIONS ?? '').split(/\s+/).includes('--enable-source-maps')) {
  process.setSourceMapsEnabled(true);
}
trustExtraCaCertificates(process.env.NODE_EXTRA_CA_CERTS);

let active: Active | undefined;
let lastRequestId: string | undefined;
patchConsole(() => lastRequestId);

/** The runtime reports the error against the invocation under way (or the init), then exits. */
function fatal(label: string, error: unknown, exitCode: number): void {
  logError(label, error);
  post({
    type: 'fatal',
    ...(lastRequestId === undefined ? {} : { requestId: lastRequestId }),
    error: toFunctionError(error),
  });
  process.exit(exitCode);
}
process.on('uncaughtException', (error) => fatal('Uncaught Exception', error, 129));
process.on('unhandledRejection', (reason) =>
  fatal('Unhandled Promise Rejection', new UnhandledPromiseRejection(reason), 128),
);

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

function invokeBuffered(invocation: Invocation, handler: UserHandler): void {
  const { requestId } = invocation;
  let reported = false;
  const report = (message: FromEnvironment): void => {
    if (reported) return;
    reported = true;
    active = undefined;
    post(message);
  };
  const fail = (error: unknown): void => {
    const cause = error === undefined || error === null ? 'handled' : error;
    logError('Invoke Error', cause);
    report({ type: 'error', requestId, error: toFunctionError(cause) });
  };
  const succeed = (result: unknown): void => {
    let json: string | undefined;
    try {
      json = JSON.stringify(result === undefined ? null : result);
    } catch {
      fail(new Error('Unable to stringify response body'));
      return;
    }
    report({ type: 'result', requestId, json: json ?? 'null' });
  };
  // The callback responds at once: a worker cannot tell when its event loop is empty.
  const callback = (error: unknown, result?: unknown): void => {
    if (error !== undefined && error !== null) fail(error);
    else succeed(result);
  };
  const context = attachInvocationData({ ...eventLoopFlag(), succeed, fail, done: callback }, invocation);
  try {
    const result = handler(JSON.parse(invocation.eventJson), context, callback);
    if (isPromise(result)) result.then(succeed, fail).then(undefined, fail);
    else if (handler.length < 3) succeed(null);
  } catch (error) {
    fail(error);
  }
}

async function invokeStreaming(
  invocation: Invocation,
  handler: UserHandler,
  highWaterMark: number | undefined,
) {
  const { requestId } = invocation;
  const state: Active = { requestId };
  active = state;
  const { responseStream, inner } = createResponseStream(
    {
      setContentType: (contentType) => post({ type: 'content-type', requestId, contentType }),
      send(chunk, sent) {
        state.sent = sent;
        const data = new Uint8Array(chunk);
        post({ type: 'chunk', requestId, data }, [data.buffer]);
      },
    },
    highWaterMark,
  );
  state.stream = inner;
  inner.on('finish', () => post({ type: 'end', requestId }));
  const complete = (error?: unknown): void => {
    active = undefined;
    post({ type: 'done', requestId, ...(error === undefined ? {} : { error: toFunctionError(error) }) });
  };
  // Once end() was called the response is complete; a later failure is only logged, as on Lambda.
  const fail = async (error: unknown): Promise<void> => {
    logError('Invoke Error', error);
    const alreadyEnded = inner.writableEnded && !inner.destroyed;
    if (!inner.writableEnded && !inner.destroyed) inner.end();
    await finished(inner).catch(() => undefined);
    complete(alreadyEnded ? undefined : error);
  };
  try {
    const result = handler(
      JSON.parse(invocation.eventJson),
      responseStream,
      attachInvocationData(eventLoopFlag(), invocation),
    );
    if (!isPromise(result)) {
      await fail('Streaming does not support non-async handlers.');
      return;
    }
    if ((await result) !== undefined) console.warn('Streaming handlers ignore return values.');
    await finished(inner);
    complete();
  } catch (error) {
    await fail(error);
  }
}

/** A dropped connection, as the runtime's request sees it when the client goes away. */
function connectionReset(): Error {
  return Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
}

function listen(handler: UserHandler, metadata: HandlerMetadata): void {
  port.on('message', (message: ToEnvironment) => {
    switch (message.type) {
      case 'invoke':
        lastRequestId = message.requestId;
        if (metadata.streaming) {
          void invokeStreaming(message, handler, metadata.highWaterMark);
        } else {
          active = { requestId: message.requestId };
          invokeBuffered(message, handler);
        }
        break;
      case 'ack': {
        if (active?.requestId !== message.requestId || active.sent === undefined) return;
        const sent = active.sent;
        active.sent = undefined;
        sent();
        break;
      }
      case 'abort':
        if (active?.requestId === message.requestId) active.stream?.destroy(connectionReset());
        break;
    }
  });
}

/** The init phase: loads the handler's module once, then serves invocations. */
export async function start(): Promise<void> {
  let handler: UserHandler;
  let metadata: HandlerMetadata;
  try {
    handler = await loadHandler(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env._HANDLER ?? '');
    metadata = handlerMetadata(handler);
  } catch (error) {
    logError('Uncaught Exception', error);
    post({ type: 'init-error', error: toFunctionError(error) });
    process.exit(129);
  }
  if (metadata.callbackStyle && process.env.AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING === undefined) {
    console.warn(CALLBACK_WARNING);
  }
  listen(handler, metadata);
  post({ type: 'ready', streaming: metadata.streaming });
}
