/** The subprotocol every realtime client offers. */
export const EVENT_WS_PROTOCOL = 'aws-appsync-event-ws';
const HEADER_PREFIX = 'header-';

export type AuthHeaders = Readonly<Record<string, string>>;

export type HeaderDecoding =
  { readonly ok: true; readonly headers: AuthHeaders } | { readonly ok: false; readonly reason: string };

/** Header names compared as HTTP compares them; values kept as sent. */
export function normalizeHeaders(source: Readonly<Record<string, unknown>>): AuthHeaders {
  return Object.fromEntries(
    Object.entries(source)
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([name, value]) => [name.toLowerCase(), value]),
  );
}

/**
 * The authorization headers a realtime client sends as its `header-<base64url(JSON)>`
 * subprotocol (a browser's WebSocket cannot set headers). Padding is optional, as in AWS's
 * examples; the JSON must be an object of strings.
 */
export function decodeAuthSubprotocol(protocols: Iterable<string>): HeaderDecoding {
  const offered = [...protocols].find((protocol) => protocol.startsWith(HEADER_PREFIX));
  if (offered === undefined) return { ok: false, reason: `no ${HEADER_PREFIX}<base64url> subprotocol` };
  const encoded = offered.slice(HEADER_PREFIX.length);
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(encoded))
    return { ok: false, reason: 'the header subprotocol is not base64url' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'the header subprotocol is not base64url-encoded JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'the header subprotocol does not hold a JSON object' };
  }
  return { ok: true, headers: normalizeHeaders(parsed as Record<string, unknown>) };
}
