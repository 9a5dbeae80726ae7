import { Writable } from 'node:stream';
import { InvalidStreamingOperation } from './errors';

/** Where the chunks go: the runtime API's chunked HTTP request on Lambda, the parent thread here. */
export interface ResponseTransport {
  setContentType(contentType: string): void;
  /** Sends one chunk; `sent` runs once the receiver has taken it (backpressure). */
  send(chunk: Buffer, sent: (error?: Error | null) => void): void;
}

type Write = (chunk: unknown) => boolean;

/** The stream object the runtime wraps, with the properties its handlers may touch. */
interface InnerStream extends Writable {
  setContentType(contentType: string): void;
  _onBeforeFirstWrite?: (write: Write) => void;
}

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

// The members the runtime exposes on the `responseStream` it hands to a handler (`writableStreamOnly`).
const METHODS = [
  'cork',
  'destroy',
  'end',
  'uncork',
  'write',
  'addListener',
  'emit',
  'eventNames',
  'getMaxListeners',
  'listenerCount',
  'listeners',
  'off',
  'on',
  'once',
  'prependListener',
  'prependOnceListener',
  'rawListeners',
  'removeAllListeners',
  'removeListener',
  'setMaxListeners',
  'setContentType',
] as const;
const READ_WRITE = ['destroyed', 'writable', '_onBeforeFirstWrite'] as const;
const READ_ONLY = [
  'writableFinished',
  'writableObjectMode',
  'writableBuffer',
  'writableEnded',
  'writableNeedDrain',
  'writableHighWaterMark',
  'writableCorked',
  'writableLength',
] as const;

function writableStreamOnly(inner: InnerStream): Record<string, unknown> {
  const members = inner as unknown as Record<string, unknown>;
  const stream: Record<string, unknown> = {};
  for (const name of METHODS) stream[name] = (members[name] as (...args: unknown[]) => unknown).bind(inner);
  for (const name of READ_WRITE) {
    Object.defineProperty(stream, name, {
      get: () => members[name],
      set: (value: unknown) => {
        members[name] = value;
      },
    });
  }
  for (const name of READ_ONLY) Object.defineProperty(stream, name, { get: () => members[name] });
  return stream;
}

/**
 * The Node.js runtime's `createResponseStream`, over a transport instead of an HTTP request:
 * the first `write()` runs `_onBeforeFirstWrite` (the HTTP prelude), objects are written as
 * JSON, the content type is fixed by the first write, and `end()` takes only a callback, so
 * `end(data)` writes data the prelude never precedes, as on Lambda.
 */
export function createResponseStream(
  transport: ResponseTransport,
  highWaterMark: number | undefined,
): { readonly responseStream: Record<string, unknown>; readonly inner: Writable } {
  let firstWriteDone = false;
  const inner = new Writable({
    ...(highWaterMark === undefined ? {} : { highWaterMark }),
    write(chunk: Buffer, _encoding, callback) {
      if (chunk.length === 0) callback();
      else transport.send(chunk, callback);
    },
  }) as InnerStream;
  transport.setContentType(DEFAULT_CONTENT_TYPE);
  // The runtime listens for its request's errors itself, so a broken stream never crashes the process.
  inner.on('error', () => undefined);

  const origWrite = Writable.prototype.write.bind(inner) as Write;
  const origEnd = Writable.prototype.end.bind(inner) as (callback?: unknown) => Writable;

  inner.setContentType = (contentType: string) => {
    if (firstWriteDone) throw new InvalidStreamingOperation('Cannot set content-type, too late.');
    transport.setContentType(contentType);
  };
  inner.write = function write(
    this: InnerStream,
    chunk: unknown,
    encoding?: unknown,
    callback?: unknown,
  ): boolean {
    const data =
      typeof chunk !== 'string' &&
      !Buffer.isBuffer(chunk) &&
      (chunk as object | undefined)?.constructor !== Uint8Array
        ? JSON.stringify(chunk)
        : chunk;
    if (!firstWriteDone && typeof this._onBeforeFirstWrite === 'function') {
      this._onBeforeFirstWrite((early) => origWrite(early));
    }
    const accepted = (Writable.prototype.write as (...args: unknown[]) => boolean).call(
      this,
      data,
      encoding,
      callback,
    );
    firstWriteDone = true;
    return accepted;
  } as InnerStream['write'];
  inner.end = function end(callback?: unknown) {
    return origEnd(callback);
  } as InnerStream['end'];

  return { responseStream: writableStreamOnly(inner), inner };
}
