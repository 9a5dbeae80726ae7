/** What a request carried on the wire before its body: request line, header lines, blank line. */
export function headBytes(request: {
  readonly method?: string;
  readonly url?: string;
  readonly httpVersion: string;
  readonly rawHeaders: readonly string[];
}): number {
  let size = Buffer.byteLength(
    `${request.method ?? ''} ${request.url ?? ''} HTTP/${request.httpVersion}\r\n`,
  );
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    size += Buffer.byteLength(`${request.rawHeaders[index]}: ${request.rawHeaders[index + 1]}\r\n`);
  }
  return size + 2;
}
