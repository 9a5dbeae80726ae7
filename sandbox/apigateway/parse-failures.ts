import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Why Node's HTTP parser gave up on a request, in the terms API Gateway answers in: headers over
 * the limit, a method Node does not know (HTTP allows any token; API Gateway routes it, and finds
 * nothing), or bytes that are not HTTP at all.
 */
export type ParseFailure =
  | { readonly kind: 'headers-too-large'; readonly code: string }
  | {
      readonly kind: 'unknown-method';
      readonly code: string;
      readonly method: string;
      readonly target: string;
    }
  | { readonly kind: 'malformed'; readonly code: string };

/** A whole answer, written straight to the socket: no request object exists to answer through. */
export interface RawAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

interface ParserError extends Error {
  readonly code?: string;
  /** The bytes the parser failed on; for a bad method, they start with the request line. */
  readonly rawPacket?: Buffer;
}

/** How long a refused client may take to close its side before the socket is destroyed. */
const LINGER_MS = 2_000;

const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/1\.[01]\r?\n/;

export function parseFailureOf(error: ParserError): ParseFailure {
  const code = error.code ?? 'HPE_UNKNOWN';
  if (code === 'HPE_HEADER_OVERFLOW') return { kind: 'headers-too-large', code };
  const line = REQUEST_LINE.exec(error.rawPacket?.toString('latin1') ?? '');
  if (code === 'HPE_INVALID_METHOD' && line !== null) {
    return { kind: 'unknown-method', code, method: line[1], target: line[2] };
  }
  return { kind: 'malformed', code };
}

/**
 * Writes the answer with `Connection: close`, then reads and drops what the client still sends
 * until it closes (or `LINGER_MS` passes): closing on unread bytes sends a TCP reset, which can
 * destroy the answer before the client reads it.
 */
function refuse(socket: Duplex, answer: RawAnswer): void {
  const { statusCode, headers, body } = answer;
  const head = [
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? 'Error'}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', () => socket.destroy());
  socket.on('data', () => undefined);
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/**
 * Answers the requests `server`'s HTTP parser refuses (`clientError`) with `answer`'s response
 * instead of Node's empty 400 or 431, and logs each as the server logs a request. A connection
 * already reset, or no longer writable, is only destroyed.
 */
export function answerParseFailures(
  server: Server,
  answer: (failure: ParseFailure) => RawAnswer,
  log: (line: string) => void,
): void {
  server.on('clientError', (error: ParserError, socket: Duplex) => {
    if (!(error.code ?? '').startsWith('HPE_') || !socket.writable) {
      socket.destroy();
      return;
    }
    const failure = parseFailureOf(error);
    const answered = answer(failure);
    const line = REQUEST_LINE.exec(error.rawPacket?.toString('latin1') ?? '');
    // The query is left out, as from every log line: it may carry a token.
    const request = line === null ? '- -' : `${line[1]} ${line[2].split('?')[0]}`;
    log(`${request} ${answered.statusCode} 0 ms - refused by the HTTP parser: ${failure.code}`);
    refuse(socket, answered);
  });
}
