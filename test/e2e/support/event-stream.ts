import { createParser } from 'eventsource-parser';
import { eventually } from './eventually';

/** What an event stream carried, in order, each with the time it arrived (epoch ms). */
export type SseFrame =
  | {
      readonly kind: 'event';
      readonly id: string | undefined;
      readonly event: string | undefined;
      readonly data: string;
      readonly at: number;
    }
  | { readonly kind: 'comment'; readonly text: string; readonly at: number }
  | { readonly kind: 'retry'; readonly ms: number; readonly at: number };

export type SseEvent = Extract<SseFrame, { kind: 'event' }>;

/** Who ended the stream: the server (the contract's end), the client, or the reader's time limit. */
export type StreamEnd = 'server' | 'client' | 'timeout';

export interface EventStream {
  readonly status: number;
  readonly headers: Headers;
  /** The whole body, when the answer is not an event stream (an error, a 204). */
  readonly text: string | undefined;
  /** Grows while the stream is open. */
  readonly frames: readonly SseFrame[];
  readonly ended: Promise<StreamEnd>;
  events(): SseEvent[];
  waitFor(predicate: (frame: SseFrame) => boolean, what: string, timeoutMs?: number): Promise<SseFrame>;
  close(): void;
}

export interface OpenOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** The stream is cut after this long; `ended` then says `timeout`. */
  readonly timeoutMs?: number;
}

/**
 * Opens `GET url` and parses what it streams with eventsource-parser, keeping comments
 * (heartbeats) and `retry:` fields, which a browser's EventSource hides.
 */
export async function openEventStream(url: string, { headers = {}, timeoutMs = 60_000 }: OpenOptions = {}) {
  const controller = new AbortController();
  let closedBy: StreamEnd | undefined;
  const timer = setTimeout(() => {
    closedBy ??= 'timeout';
    controller.abort();
  }, timeoutMs);
  const response = await fetch(url, { headers, signal: controller.signal });
  const frames: SseFrame[] = [];
  const isStream =
    response.ok && (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  let text: string | undefined;
  let ended: Promise<StreamEnd>;
  if (!isStream || response.body === null) {
    text = await response.text();
    clearTimeout(timer);
    ended = Promise.resolve('server');
  } else {
    const parser = createParser({
      onEvent: ({ id, event, data }) => frames.push({ kind: 'event', id, event, data, at: Date.now() }),
      onComment: (comment) => frames.push({ kind: 'comment', text: comment, at: Date.now() }),
      onRetry: (ms) => frames.push({ kind: 'retry', ms, at: Date.now() }),
    });
    const body = response.body;
    ended = (async (): Promise<StreamEnd> => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of body) parser.feed(decoder.decode(chunk, { stream: true }));
        return 'server';
      } catch (error) {
        if (closedBy !== undefined) return closedBy;
        throw error;
      } finally {
        clearTimeout(timer);
      }
    })();
  }
  const stream: EventStream = {
    status: response.status,
    headers: response.headers,
    text,
    frames,
    ended,
    events: () => frames.filter((frame): frame is SseEvent => frame.kind === 'event'),
    waitFor: (predicate, what, waitMs = 30_000) =>
      eventually(() => frames.find(predicate), { what, timeoutMs: waitMs, intervalMs: 50 }),
    close: () => {
      closedBy ??= 'client';
      controller.abort();
    },
  };
  return stream;
}

/** Opens the stream and waits for its end; the default time limit is generous for a short check. */
export async function readEventStream(url: string, options: OpenOptions = {}): Promise<EventStream> {
  const stream = await openEventStream(url, { timeoutMs: 30_000, ...options });
  await stream.ended;
  return stream;
}
