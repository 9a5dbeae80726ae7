import { isCheckState, toCloudEvent } from './cloud-event';
import { TransportFailure, WatchError } from './errors';
import type { TransportContext } from './transport';
import type { CheckCloudEvent } from './types';

export interface HttpConfig {
  /** The REST API's base URL, ending with `/`. */
  readonly restUrl: string;
  readonly token: () => Promise<string>;
  readonly fetch: typeof fetch;
}

export function checkUrl(
  config: HttpConfig,
  checkId: string,
  suffix = '',
  query: Record<string, string> = {},
) {
  const url = new URL(`checks/${encodeURIComponent(checkId)}${suffix}`, config.restUrl);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

/**
 * 401, 403 and 404 are about the watch, not the path to the server: no transport would do
 * better, so the iteration throws. Timeouts, throttling and 5xx are worth a retry.
 */
export function statusFailure(status: number, what: string, body: string): Error {
  const message = `${what} answered ${status}${body === '' ? '' : `: ${body.slice(0, 200)}`}`;
  if (status === 401 || status === 403 || status === 404) return new WatchError(message, { status });
  return new TransportFailure(message, status === 408 || status === 429 || status >= 500);
}

/** One request, counted; a network error is a transient failure (unless the engine aborted it). */
export async function send(
  config: HttpConfig,
  context: TransportContext,
  url: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const authorization = `Bearer ${await config.token()}`;
  context.sent();
  try {
    return await config.fetch(url, {
      headers: { ...headers, Authorization: authorization },
      signal: context.signal,
    });
  } catch (error) {
    if (context.signal.aborted) throw error;
    throw new TransportFailure(`request failed: ${(error as Error).message}`, true);
  }
}

export async function readText(response: Response, context: TransportContext): Promise<string> {
  const body = new Uint8Array(await response.arrayBuffer());
  context.received(body.byteLength);
  return new TextDecoder().decode(body);
}

export interface CheckAnswer {
  /** Undefined on 304. */
  readonly event: CheckCloudEvent | undefined;
  readonly etag: string | undefined;
}

/** `GET /checks/{id}` with optional long-poll query and headers; the check as a CloudEvent. */
export async function getCheck(
  config: HttpConfig,
  context: TransportContext,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<CheckAnswer> {
  const response = await send(config, context, checkUrl(config, context.checkId, '', query), headers);
  const text = await readText(response, context);
  const etag = response.headers.get('etag') ?? undefined;
  if (response.status === 304) return { event: undefined, etag };
  if (response.status !== 200) throw statusFailure(response.status, `GET /checks/${context.checkId}`, text);
  let check: unknown;
  try {
    check = JSON.parse(text);
  } catch {
    throw new TransportFailure(`GET /checks/${context.checkId} answered a body that is not JSON`, false);
  }
  if (!isCheckState(check))
    throw new TransportFailure(`GET /checks/${context.checkId} answered no check`, false);
  return { event: toCloudEvent(check), etag };
}
