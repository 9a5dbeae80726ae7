/**
 * How an AppSync Events client presents the project's bearer token: as the `Authorization`
 * header of the connect and subscribe requests, beside the API's HTTP host, in the
 * `header-<base64url>` subprotocol and in each subscribe message. Browser-safe.
 * https://docs.aws.amazon.com/appsync/latest/eventapi/event-api-websocket-protocol.html
 */

/** The subprotocol that names the Events realtime protocol. */
export const EVENTS_SUBPROTOCOL = 'aws-appsync-event-ws';

/** What AppSync's Lambda authorization reads: the host of the HTTP endpoint and the token. */
export interface EventsAuthorization {
  readonly host: string;
  readonly Authorization: string;
}

export function authorizationOf(httpUrl: string, token: string): EventsAuthorization {
  return { host: new URL(httpUrl).host, Authorization: token };
}

function base64UrlOf(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The subprotocols of the upgrade: the protocol's name, then the authorization header. */
export function subprotocolsOf(authorization: EventsAuthorization): string[] {
  return [EVENTS_SUBPROTOCOL, `header-${base64UrlOf(JSON.stringify(authorization))}`];
}

function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * The tenant a token names (its `sub`), read without verifying: the server verifies it, the
 * client only needs to know which channel its checks are published on.
 */
export function tenantOf(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(base64UrlDecode(payload)) as { sub?: unknown };
    return typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

/** The channel the backend publishes a check's changes on. */
export function checkChannelOf(tenant: string, checkId: string): string {
  return `/checks/${tenant}/${checkId}`;
}
