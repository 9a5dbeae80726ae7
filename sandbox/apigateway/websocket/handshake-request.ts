import { sourceIpOf } from '../request-context';

/** The parts of a WebSocket upgrade request the events are built from. */
export interface HandshakeInput {
  /** The request target, path and query (`/prod?token=…`). */
  readonly url: string;
  /** Node's `rawHeaders`: name, value, name, value… with the client's casing. */
  readonly rawHeaders: readonly string[];
  readonly remoteAddress: string | undefined;
  readonly localPort: number;
}

export interface QueryMaps {
  /** The last value of a repeated key, as API Gateway keeps it. */
  readonly single: Readonly<Record<string, string>>;
  readonly multi: Readonly<Record<string, readonly string[]>>;
}

export interface ClientRequest {
  readonly path: string;
  /** Every header the client sent, in its casing, with each value it was given. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  /** Undefined when the request has no query string. */
  readonly query: QueryMaps | undefined;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  readonly localPort: number;
}

/** Finds a header whatever its case. */
export function headerValues(
  headers: Readonly<Record<string, readonly string[]>>,
  name: string,
): readonly string[] {
  const lower = name.toLowerCase();
  return Object.entries(headers).find(([key]) => key.toLowerCase() === lower)?.[1] ?? [];
}

function groupHeaders(rawHeaders: readonly string[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  const casing = new Map<string, string>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index];
    const key = casing.get(name.toLowerCase()) ?? name;
    casing.set(name.toLowerCase(), key);
    (grouped[key] ??= []).push(rawHeaders[index + 1]);
  }
  return grouped;
}

function queryMaps(search: string): QueryMaps | undefined {
  if (search.length === 0) return undefined;
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    single[key] = value;
    (multi[key] ??= []).push(value);
  }
  return { single, multi };
}

export function clientRequestOf(input: HandshakeInput): ClientRequest {
  const url = new URL(input.url, 'http://sandbox.invalid');
  const headers = groupHeaders(input.rawHeaders);
  const userAgent = headerValues(headers, 'user-agent').at(-1);
  return {
    path: url.pathname,
    headers,
    query: queryMaps(url.search),
    sourceIp: sourceIpOf(input.remoteAddress),
    userAgent,
    localPort: input.localPort,
  };
}
