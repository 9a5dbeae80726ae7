import type { InvokeOutcome, Invoker } from '../../lambda/invoker';
import type { Exchange } from './exchange';
import {
  badProxyResponse,
  integrationFailure,
  integrationTimeout,
  type GatewayError,
} from '../gateway-errors';
import type { LambdaProxyIntegration } from './model';
import { parseProxyResponse } from './proxy-response';

export interface BufferedCall {
  readonly exchange: Exchange;
  readonly invoker: Invoker;
  readonly integration: LambdaProxyIntegration;
  readonly event: unknown;
  /** The client's first `Accept` type is a binary media type, so a base64 body is decoded. */
  readonly acceptsBinary: boolean;
  readonly traceId: string;
  readonly fail: (error: GatewayError, detail: string) => void;
}

type Settled =
  | { readonly kind: 'outcome'; readonly outcome: InvokeOutcome }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'timeout' };

/**
 * `Invoke`, then the function's answer to the client. API Gateway stops waiting at the
 * integration timeout (504) while the function runs on; a function error or a malformed
 * response is a 502.
 */
export async function runBufferedIntegration(call: BufferedCall): Promise<void> {
  const { exchange, invoker, integration, event, fail } = call;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), integration.timeoutMs);
  });
  const settled = await Promise.race([
    invoker.invoke(integration.functionArn, event).then(
      (outcome): Settled => ({ kind: 'outcome', outcome }),
      (error: unknown): Settled => ({ kind: 'failed', error }),
    ),
    timeout,
  ]);
  clearTimeout(timer);
  if (settled.kind === 'timeout') {
    fail(
      integrationTimeout(),
      `no answer from ${integration.functionArn} within ${integration.timeoutMs} ms`,
    );
    return;
  }
  if (settled.kind === 'failed') {
    fail(integrationFailure(), `could not invoke ${integration.functionArn}: ${String(settled.error)}`);
    return;
  }
  const { outcome } = settled;
  if (!outcome.ok) {
    fail(badProxyResponse(), `function error ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
    return;
  }
  const parsed = parseProxyResponse(outcome.payload, call.acceptsBinary);
  if (!parsed.ok) {
    fail(badProxyResponse(), `malformed Lambda proxy response: ${parsed.reason}`);
    return;
  }
  exchange.respond(parsed.statusCode, [...parsed.headers, ['X-Amzn-Trace-Id', call.traceId]], parsed.body);
}
