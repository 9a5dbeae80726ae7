import { STATUS_CODES } from 'node:http';
import type { InvokeOutcome } from '../../lambda/invoker';
import { isRecord } from '../../platform/is-record';

/** An integration that did not answer within its timeout. */
export type IntegrationOutcome = InvokeOutcome | { readonly ok: 'timeout' };

export type ConnectDecision =
  | { readonly kind: 'accept'; readonly subprotocol?: string }
  | { readonly kind: 'refuse'; readonly status: number; readonly message: string };

export type MessageReply =
  | { readonly kind: 'send'; readonly body: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly message: string };

function headerOf(response: Record<string, unknown>, name: string): string | undefined {
  const headers = response.headers;
  if (!isRecord(headers)) return undefined;
  const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Whether `$connect` lets the client in. The upgrade is refused with the integration's own
 * status when it answers a non-2xx `statusCode` (a `wscat` client reports "Unexpected server
 * response: 403"), with 500 when the function fails and 504 when it times out. A result
 * without a `statusCode` lets the client in. A `Sec-WebSocket-Protocol` response header picks
 * the subprotocol the handshake confirms.
 */
export function connectDecision(outcome: IntegrationOutcome): ConnectDecision {
  if (outcome.ok === 'timeout') return { kind: 'refuse', status: 504, message: 'Endpoint request timed out' };
  if (!outcome.ok) return { kind: 'refuse', status: 500, message: 'Internal server error' };
  const response = outcome.payload;
  if (!isRecord(response)) return { kind: 'accept' };
  const status = Number(response.statusCode ?? 200);
  if (!Number.isInteger(status) || status < 200 || status > 299) {
    const refusal = Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
    return { kind: 'refuse', status: refusal, message: STATUS_CODES[refusal] ?? 'Error' };
  }
  const subprotocol = headerOf(response, 'sec-websocket-protocol');
  return subprotocol === undefined ? { kind: 'accept' } : { kind: 'accept', subprotocol };
}

/**
 * What a message route sends back: the integration's `body` when the route has a route
 * response; API Gateway's error frame when the function fails or times out, response or not.
 */
export function messageReply(outcome: IntegrationOutcome, returnsResponse: boolean): MessageReply {
  if (outcome.ok === 'timeout') return { kind: 'error', message: 'Endpoint request timed out' };
  if (!outcome.ok) return { kind: 'error', message: 'Internal server error' };
  if (!returnsResponse || !isRecord(outcome.payload)) return { kind: 'none' };
  const { body } = outcome.payload;
  return typeof body === 'string' && body.length > 0 ? { kind: 'send', body } : { kind: 'none' };
}

/**
 * API Gateway's error frame, spacing included:
 * `{"message": "Forbidden", "connectionId":"…", "requestId":"…"}`.
 */
export function errorFrame(message: string, connectionId: string, requestId: string): string {
  return `{"message": ${JSON.stringify(message)}, "connectionId":${JSON.stringify(connectionId)}, "requestId":${JSON.stringify(requestId)}}`;
}
