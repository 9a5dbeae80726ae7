import { once } from 'node:events';
import type { Invoker, StreamingInvocation } from '../../lambda/invoker';
import type { Exchange } from './exchange';
import { badProxyResponse, functionFailure, integrationTimeout, type GatewayError } from '../gateway-errors';
import type { LambdaProxyIntegration } from './model';
import { scanPrelude } from './prelude';

export interface StreamingCall {
  readonly exchange: Exchange;
  readonly invoker: Invoker;
  readonly integration: LambdaProxyIntegration;
  readonly event: unknown;
  /** The connection closes after this long without a byte from the function. */
  readonly idleTimeoutMs: number;
  readonly traceId: string;
  readonly fail: (error: GatewayError, detail: string) => void;
}

type Step = IteratorResult<Buffer> | 'idle' | { readonly thrown: unknown };

/** Reads the function's stream one chunk at a time, giving up after `idleMs` of silence. */
function chunkReader(invocation: StreamingInvocation, idleMs: number): () => Promise<Step> {
  const iterator = invocation.body[Symbol.asyncIterator]();
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const next = iterator.next().then(
      (result): Step => result,
      (thrown: unknown): Step => ({ thrown }),
    );
    const idle = new Promise<Step>((resolve) => {
      timer = setTimeout(() => resolve('idle'), idleMs);
    });
    const step = await Promise.race([next, idle]);
    clearTimeout(timer);
    return step;
  };
}

/** Waits until the client takes more, or goes away. */
async function drained(exchange: Exchange): Promise<void> {
  const { response } = exchange;
  const controller = new AbortController();
  await Promise.race([
    once(response, 'drain', { signal: controller.signal }),
    once(response, 'close', { signal: controller.signal }),
  ]).catch(() => undefined);
  controller.abort();
}

interface Opened {
  readonly invocation: StreamingInvocation;
  readonly next: () => Promise<Step>;
}

/**
 * Reads until the prelude is complete and sends status and headers; nothing reaches the client
 * before that. Returns the body bytes that came with the prelude, or undefined once it has
 * answered with an error.
 */
async function sendPrelude(call: StreamingCall, { invocation, next }: Opened): Promise<Buffer | undefined> {
  const { exchange, integration, fail } = call;
  let buffered = Buffer.alloc(0);
  for (;;) {
    const step = await next();
    if (exchange.response.destroyed) return undefined;
    if (step === 'idle') {
      invocation.abort();
      fail(
        integrationTimeout(),
        `no prelude from ${integration.functionArn} within ${call.idleTimeoutMs} ms`,
      );
      return undefined;
    }
    if ('thrown' in step || step.done === true) {
      const outcome = await invocation.done.catch(() => undefined);
      if (outcome === undefined || outcome.ok) {
        fail(badProxyResponse(), 'the stream ended before its prelude');
      } else {
        const { errorType, errorMessage } = outcome.error;
        fail(functionFailure(errorType), `function error ${errorType}: ${errorMessage}`);
      }
      return undefined;
    }
    buffered = Buffer.concat([buffered, step.value]);
    const scan = scanPrelude(buffered);
    if (scan.state === 'invalid') {
      invocation.abort();
      fail(badProxyResponse(), `bad stream prelude: ${scan.reason}`);
      return undefined;
    }
    if (scan.state === 'complete') {
      exchange.writeHead(scan.head.statusCode, [...scan.head.headers, ['X-Amzn-Trace-Id', call.traceId]]);
      return scan.rest;
    }
  }
}

/** Writes each chunk as it comes, without buffering, until the stream ends or idles. */
async function sendBody(call: StreamingCall, { invocation, next }: Opened, first: Buffer): Promise<void> {
  const { exchange } = call;
  const { response } = exchange;
  response.socket?.setNoDelay(true);
  response.flushHeaders();
  let pending = first;
  for (;;) {
    if (pending.length > 0 && !response.write(pending)) await drained(exchange);
    if (response.destroyed) return;
    const step = await next();
    if (response.destroyed) return;
    if (step === 'idle') {
      exchange.explain(`idle for ${call.idleTimeoutMs} ms: connection closed`);
      invocation.abort();
      response.destroy();
      return;
    }
    if ('thrown' in step || step.done === true) break;
    pending = step.value;
  }
  response.end();
}

/**
 * `InvokeWithResponseStream`, then the function's bytes to the client as they come: nothing is
 * sent before a valid prelude (status, headers, cookies); after it, every chunk is written at
 * once. A client that goes away aborts the invocation; so does the idle timeout.
 */
export async function runStreamingIntegration(call: StreamingCall): Promise<void> {
  const { exchange, invoker, integration, event } = call;
  const { response } = exchange;
  const invocation = invoker.invokeWithResponseStream(integration.functionArn, event);
  invocation.done.then(
    (outcome) => {
      if (!outcome.ok && response.headersSent) {
        exchange.explain(
          `function error while streaming ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
        );
      }
    },
    () => undefined,
  );
  response.once('close', () => {
    if (!response.writableFinished) invocation.abort();
  });
  const opened = { invocation, next: chunkReader(invocation, call.idleTimeoutMs) };
  const first = await sendPrelude(call, opened);
  if (first !== undefined) await sendBody(call, opened, first);
}
