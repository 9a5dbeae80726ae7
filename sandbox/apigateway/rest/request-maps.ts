/** Hop-by-hop and framing headers API Gateway never passes to an integration. */
const DROPPED_HEADERS = new Set([
  'connection',
  'content-length',
  'content-md5',
  'expect',
  'keep-alive',
  'max-forwards',
  'proxy-authenticate',
  'proxy-connection',
  'server',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'www-authenticate',
]);

/** Headers that reach integrations capitalized whatever the client sent (API Gateway sits behind CloudFront). */
const CANONICAL_NAMES: Readonly<Record<string, string>> = {
  authorization: 'Authorization',
  'user-agent': 'User-Agent',
};

export type HeaderPairs = ReadonlyArray<readonly [string, string]>;

/** Node's `rawHeaders` (`[name, value, name, value, …]`) as pairs, in the client's order and casing. */
export function headerPairs(rawHeaders: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2)
    pairs.push([rawHeaders[index], rawHeaders[index + 1]]);
  return pairs;
}

export interface GatewayHeaderValues {
  readonly sourceIp: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
  readonly traceId: string;
}

/**
 * The request headers as an integration sees them: API Gateway appends the caller to
 * `X-Forwarded-For`, sets `X-Forwarded-Port` and `X-Forwarded-Proto`, and adds a trace id
 * unless the caller sent one.
 */
export function withGatewayHeaders(pairs: HeaderPairs, values: GatewayHeaderValues): Array<[string, string]> {
  const named = (name: string) => (pair: readonly [string, string]) => pair[0].toLowerCase() === name;
  const forwardedFor = pairs.filter(named('x-forwarded-for')).map(([, value]) => value);
  const replaced = new Set(['x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto']);
  const kept = pairs
    .filter(([name]) => !replaced.has(name.toLowerCase()))
    .map(([n, v]): [string, string] => [n, v]);
  const trace: Array<[string, string]> = pairs.some(named('x-amzn-trace-id'))
    ? []
    : [['X-Amzn-Trace-Id', values.traceId]];
  return [
    ...kept,
    ...trace,
    ['X-Forwarded-For', [...forwardedFor, values.sourceIp].join(', ')],
    ['X-Forwarded-Port', String(values.port)],
    ['X-Forwarded-Proto', values.protocol],
  ];
}

export interface HeaderMaps {
  readonly headers: Record<string, string>;
  readonly multiValueHeaders: Record<string, string[]>;
}

/** Single-value (last value wins) and multi-value header maps, without hop-by-hop headers. */
export function headerMaps(pairs: HeaderPairs): HeaderMaps {
  const nameOf = new Map<string, string>();
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [rawName, value] of pairs) {
    const lower = rawName.toLowerCase();
    if (DROPPED_HEADERS.has(lower)) continue;
    if (!nameOf.has(lower)) nameOf.set(lower, CANONICAL_NAMES[lower] ?? rawName);
    const name = nameOf.get(lower) as string;
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  return { headers, multiValueHeaders };
}

export interface QueryMaps {
  readonly queryStringParameters: Record<string, string> | null;
  readonly multiValueQueryStringParameters: Record<string, string[]> | null;
}

function decodeQueryPart(part: string): string {
  const spaced = part.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Decoded query maps: the single-value map keeps the last value; both are null without a query. */
export function queryMaps(rawQuery: string): QueryMaps {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decodeQueryPart(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decodeQueryPart(pair.slice(equals + 1));
    if (key === '') continue;
    single[key] = value;
    (multi[key] ??= []).push(value);
  }
  const empty = Object.keys(single).length === 0;
  return {
    queryStringParameters: empty ? null : single,
    multiValueQueryStringParameters: empty ? null : multi,
  };
}
