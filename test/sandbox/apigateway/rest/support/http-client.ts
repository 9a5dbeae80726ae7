import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string | string[]>;
  readonly body?: string | Buffer;
}

function send(url: string, options: RequestOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      resolve,
    );
    req.once('error', reject);
    req.end(options.body);
  });
}

/** One whole request and answer, over a fresh connection. */
export async function fetchText(url: string, options: RequestOptions = {}): Promise<HttpAnswer> {
  const response = await send(url, options);
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return {
    status: response.statusCode ?? 0,
    headers: response.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

export async function fetchJson(
  url: string,
  options: RequestOptions = {},
): Promise<HttpAnswer & { json: unknown }> {
  const answer = await fetchText(url, options);
  return { ...answer, json: JSON.parse(answer.body) };
}

/** A response read chunk by chunk, as it arrives. */
export interface OpenStream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The next chunk the client receives, or undefined once the response ends. */
  nextChunk(): Promise<string | undefined>;
  /** Waits for the end of the response and returns whatever was not read yet. */
  rest(): Promise<string>;
  close(): void;
}

export async function openStream(url: string, options: RequestOptions = {}): Promise<OpenStream> {
  const response = await send(url, options);
  const iterator = response[Symbol.asyncIterator]();
  return {
    status: response.statusCode ?? 0,
    headers: response.headers,
    async nextChunk() {
      const next = (await iterator.next()) as IteratorResult<Buffer>;
      return next.done === true ? undefined : next.value.toString('utf8');
    },
    async rest() {
      let text = '';
      for (;;) {
        const next = (await iterator.next()) as IteratorResult<Buffer>;
        if (next.done === true) return text;
        text += next.value.toString('utf8');
      }
    },
    close: () => response.destroy(),
  };
}
