import { TransportFailure, WatchError } from './errors';
import { Inbox } from './inbox';
import type { Transport, TransportContext } from './transport';
import type { CheckCloudEvent } from './types';
import type { WatchRun } from './watch-run';

type Item =
  | { readonly kind: 'event'; readonly event: CheckCloudEvent; readonly coalesced: boolean }
  | { readonly kind: 'end' }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'cancelled' };

/** How one connection ended. */
export type Outcome =
  | { readonly kind: 'finished' }
  | { readonly kind: 'ended'; readonly worked: boolean }
  | { readonly kind: 'failed'; readonly failure: TransportFailure; readonly worked: boolean };

function failureOf(error: unknown): TransportFailure {
  if (error instanceof TransportFailure) return error;
  return new TransportFailure(error instanceof Error ? error.message : String(error), false);
}

/**
 * One connection's bookkeeping. The transport's callbacks, the watch's stop and the
 * first-event timer all push into one inbox, so the engine handles them one at a time.
 */
class Connection {
  readonly inbox = new Inbox<Item>();
  readonly context: TransportContext;
  /** Something arrived: the connection works, whatever happens next. */
  worked = false;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onStop = () => this.inbox.push({ kind: 'cancelled' });

  constructor(
    private readonly run: WatchRun,
    transport: Transport,
  ) {
    run.stop.addEventListener('abort', this.onStop);
    this.timer = transport.streams ? this.startFirstEventTimer(run.firstEventTimeoutMs) : undefined;
    this.context = this.contextFor(transport);
  }

  close(): void {
    clearTimeout(this.timer);
    this.run.stop.removeEventListener('abort', this.onStop);
    this.controller.abort();
  }

  /** A stream that stays silent is taken as buffered by a proxy, which no retry would mend. */
  private startFirstEventTimer(timeoutMs: number): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      const failure = new TransportFailure(
        `nothing arrived within ${timeoutMs} ms of opening (a proxy may buffer the stream)`,
        false,
      );
      this.inbox.push({ kind: 'failed', error: failure });
    }, timeoutMs);
  }

  private contextFor(transport: Transport): TransportContext {
    const { signal } = this.controller;
    const stats = this.run.stats;
    // Events wait in the inbox before the engine accepts them; a request made meanwhile
    // must resume after them, not after the last one accepted.
    let queued = this.run.order.last;
    return {
      checkId: this.run.checkId,
      signal,
      lastVersion: () => queued,
      deliver: (event, coalesced) => {
        if (signal.aborted) return;
        queued = Math.max(queued ?? 0, event.data.version);
        this.inbox.push({ kind: 'event', event, coalesced });
      },
      sent: () => stats.request(transport.name),
      received: (bytes) => {
        this.worked = true;
        clearTimeout(this.timer);
        stats.bytes(transport.name, bytes);
      },
    };
  }
}

/** Handles one item of the inbox; returns how the connection ended, or undefined to go on. */
async function* handle(
  item: Item,
  connection: Connection,
  run: WatchRun,
  transport: Transport,
): AsyncGenerator<CheckCloudEvent, Outcome | undefined> {
  switch (item.kind) {
    case 'cancelled':
      return { kind: 'finished' };
    case 'end':
      return { kind: 'ended', worked: connection.worked };
    case 'failed':
      if (item.error instanceof WatchError) throw item.error;
      return { kind: 'failed', failure: failureOf(item.error), worked: connection.worked };
    case 'event':
      try {
        const final = yield* run.order.accept(item.event, item.coalesced, transport.name, connection.context);
        return final ? { kind: 'finished' } : undefined;
      } catch (error) {
        if (error instanceof WatchError) throw error;
        return { kind: 'failed', failure: failureOf(error), worked: connection.worked };
      }
  }
}

/** Runs one connection of `transport`, yielding what it delivers, until it ends. */
export async function* connectOnce(
  run: WatchRun,
  transport: Transport,
): AsyncGenerator<CheckCloudEvent, Outcome> {
  const connection = new Connection(run, transport);
  transport.connect(connection.context).then(
    () => connection.inbox.push({ kind: 'end' }),
    (error: unknown) => connection.inbox.push({ kind: 'failed', error }),
  );
  try {
    for (;;) {
      const outcome = yield* handle(await connection.inbox.next(), connection, run, transport);
      if (outcome !== undefined) return outcome;
    }
  } finally {
    connection.close();
  }
}
