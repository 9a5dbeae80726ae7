import type { Invoker } from '../../lambda/invoker';
import { invokeWithin } from '../invoke-within';
import type { Exchange } from './exchange';
import {
  badProxyResponse,
  functionFailure,
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

/**
 * `Invoke`, then the function's answer to the client. API Gateway stops waiting at the
 * integration timeout (504) while the function runs on; a function error or a malformed
 * response is a 502.
 */
export async function runBufferedIntegration(call: BufferedCall): Promise<void> {
  const { exchange, invoker, integration, event, fail } = call;
  const settled = await invokeWithin(invoker, integration.functionArn, event, integration.timeoutMs);
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
    fail(
      functionFailure(outcome.error.errorType),
      `function error ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
    );
    return;
  }
  const parsed = parseProxyResponse(outcome.payload, call.acceptsBinary);
  if (!parsed.ok) {
    fail(badProxyResponse(), `malformed Lambda proxy response: ${parsed.reason}`);
    return;
  }
  exchange.respond(parsed.statusCode, [...parsed.headers, ['X-Amzn-Trace-Id', call.traceId]], parsed.body);
}
