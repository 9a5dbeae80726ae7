export type HeaderList = Array<readonly [string, string]>;

/** Integration response headers API Gateway renames (`x-amzn-Remapped-Date`) so its own go out instead. */
const REMAPPED = new Set(['connection', 'content-length', 'date', 'server']);
const DROPPED = new Set(['transfer-encoding']);

type HeaderValue = string | boolean;

/**
 * A proxy response's headers as one list: `multiValueHeaders` first, then each `headers` value
 * that the multi-value list of the same name (any case) does not already hold.
 */
export function mergeResponseHeaders(
  headers: Readonly<Record<string, HeaderValue>> | null | undefined,
  multiValueHeaders: Readonly<Record<string, readonly HeaderValue[]>> | null | undefined,
): HeaderList {
  const list: HeaderList = [];
  const multi = new Map<string, string[]>();
  for (const [name, values] of Object.entries(multiValueHeaders ?? {})) {
    const strings = values.map(String);
    multi.set(name.toLowerCase(), [...(multi.get(name.toLowerCase()) ?? []), ...strings]);
    for (const value of strings) list.push([name, value]);
  }
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!multi.get(name.toLowerCase())?.includes(String(value))) list.push([name, String(value)]);
  }
  return list;
}

/**
 * What the client gets of an integration's headers: framing headers dropped or remapped, and
 * `Content-Type: application/json` when the function set none.
 */
export function clientHeaders(headers: HeaderList): HeaderList {
  const list: HeaderList = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (DROPPED.has(lower)) continue;
    list.push([REMAPPED.has(lower) ? `x-amzn-Remapped-${name}` : name, value]);
  }
  if (!list.some(([name]) => name.toLowerCase() === 'content-type'))
    list.push(['Content-Type', 'application/json']);
  return list;
}

/** Header list → what `ServerResponse.writeHead` takes (repeated names become arrays). */
export function toOutgoingHeaders(headers: HeaderList): Record<string, string | string[]> {
  const grouped = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of headers) {
    const entry = grouped.get(name.toLowerCase());
    if (entry === undefined) grouped.set(name.toLowerCase(), { name, values: [value] });
    else entry.values.push(value);
  }
  return Object.fromEntries(
    [...grouped.values()].map(({ name, values }) => [name, values.length === 1 ? values[0] : values]),
  );
}
