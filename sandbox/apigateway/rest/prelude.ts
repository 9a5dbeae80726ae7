import { statusCodeOf } from './proxy-response';
import { clientHeaders, mergeResponseHeaders, type HeaderList } from './response-headers';
import { isRecord } from '../../platform/is-record';

/** What separates `HttpResponseStream`'s JSON prelude from the body. */
export const PRELUDE_DELIMITER = Buffer.alloc(8);
/** The prelude must fit in the stream's first 16 KB. */
export const MAX_PRELUDE_BYTES = 16 * 1024;

export interface StreamHead {
  readonly statusCode: number;
  readonly headers: HeaderList;
}

export type PreludeScan =
  | { readonly state: 'incomplete' }
  | { readonly state: 'invalid'; readonly reason: string }
  | { readonly state: 'complete'; readonly head: StreamHead; readonly rest: Buffer };

const isHeaderValue = (value: unknown): value is string | boolean =>
  typeof value === 'string' || typeof value === 'boolean';

/** The status and headers of a prelude: `statusCode`, `headers`, `multiValueHeaders`, `cookies` → `Set-Cookie`. */
export function parsePrelude(json: string): StreamHead | string {
  let metadata: unknown;
  try {
    metadata = JSON.parse(json);
  } catch {
    return 'the prelude is not JSON';
  }
  if (!isRecord(metadata)) return 'the prelude is not an object';
  const statusCode = statusCodeOf(metadata.statusCode);
  if (statusCode === undefined) return `statusCode ${JSON.stringify(metadata.statusCode)}`;
  const { headers, multiValueHeaders, cookies } = metadata;
  const single = headers ?? {};
  if (!isRecord(single) || !Object.values(single).every(isHeaderValue)) return 'headers';
  const multi = multiValueHeaders ?? {};
  const multiValid =
    isRecord(multi) &&
    Object.values(multi).every((values) => Array.isArray(values) && values.every(isHeaderValue));
  if (!multiValid) return 'multiValueHeaders';
  const cookieList = cookies ?? [];
  if (!Array.isArray(cookieList) || !cookieList.every((cookie) => typeof cookie === 'string'))
    return 'cookies';
  const merged = mergeResponseHeaders(
    single as Record<string, string | boolean>,
    multi as Record<string, Array<string | boolean>>,
  );
  return {
    statusCode,
    headers: clientHeaders([
      ...merged,
      ...cookieList.map((cookie): readonly [string, string] => ['Set-Cookie', cookie]),
    ]),
  };
}

/**
 * Looks for the prelude at the start of what a streaming function has written so far: the JSON
 * metadata up to the 8 NUL bytes, then the body's first bytes.
 */
export function scanPrelude(buffered: Buffer): PreludeScan {
  const end = buffered.indexOf(PRELUDE_DELIMITER);
  if (end === -1) {
    return buffered.length > MAX_PRELUDE_BYTES + PRELUDE_DELIMITER.length
      ? { state: 'invalid', reason: `no prelude in the first ${MAX_PRELUDE_BYTES} bytes` }
      : { state: 'incomplete' };
  }
  if (end > MAX_PRELUDE_BYTES)
    return { state: 'invalid', reason: `the prelude exceeds ${MAX_PRELUDE_BYTES} bytes` };
  const head = parsePrelude(buffered.subarray(0, end).toString('utf8'));
  if (typeof head === 'string') return { state: 'invalid', reason: head };
  return { state: 'complete', head, rest: buffered.subarray(end + PRELUDE_DELIMITER.length) };
}
