import { isTerminal, toPublicCheck, type StoredCheck } from './check';
import { toCloudEvent } from '../shared/cloud-event';
import type { Backoff } from './wait-for-change';

/** Server-Sent Events framing and the polling loop behind `GET /checks/{id}/events`. */

/** How long EventSource waits before it reconnects after the stream ends. */
export const SSE_RETRY_MS = 2000;

/** Proxies drop idle connections; the contract promises a comment at least every 15 s. */
export const HEARTBEAT_MS = 10_000;

/** Slower than long polling: a stream lives for minutes, and every read is paid for. */
export const SSE_BACKOFF: Backoff = { initialMs: 250, maxMs: 2000 };

export const HEARTBEAT = ': heartbeat\n\n';

export function retryFrame(ms: number): string {
  return `retry: ${ms}\n\n`;
}

/** One event per version: the id lets a reconnecting client resume with Last-Event-ID. */
export function checkEventFrame(check: StoredCheck): string {
  const event = toCloudEvent(toPublicCheck(check));
  return `id: ${check.version}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** True when the client already has the final event, so a stream would carry nothing. */
export function isStreamComplete(check: StoredCheck, resumeAfter: number | undefined): boolean {
  return resumeAfter !== undefined && isTerminal(check.status) && check.version <= resumeAfter;
}

export type StreamEnd = 'terminal' | 'deadline' | 'gone' | 'closed';

export interface StreamChangesOptions {
  /** The check as first read; it decided that the stream opens at all. */
  readonly first: StoredCheck;
  /** The version the client already has (Last-Event-ID): only newer ones are sent. */
  readonly resumeAfter: number | undefined;
  /** A strongly consistent read; undefined when the check is gone. */
  readonly read: () => Promise<StoredCheck | undefined>;
  readonly write: (chunk: string) => void;
  /** False once the client went away: polling for nobody would only cost reads. */
  readonly isOpen: () => boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** Epoch milliseconds by which the stream must end; the client then reconnects with Last-Event-ID. */
  readonly deadline: number;
  readonly heartbeatMs?: number;
  readonly backoff?: Backoff;
}

export interface StreamSummary {
  readonly end: StreamEnd;
  readonly events: number;
}

/**
 * Sends the check's current state (unless the client has it), then each newer version, until
 * the check finishes, disappears, the client leaves or the deadline comes. The polling
 * interval backs off while nothing changes and starts again from the shortest after a change.
 */
export async function streamChanges(options: StreamChangesOptions): Promise<StreamSummary> {
  const { read, write, isOpen, sleep, now, deadline } = options;
  const { heartbeatMs = HEARTBEAT_MS, backoff = SSE_BACKOFF } = options;
  let check: StoredCheck | undefined = options.first;
  let lastSent = options.resumeAfter;
  let events = 0;
  let interval = backoff.initialMs;
  let lastWriteAt = now();
  for (;;) {
    if (check === undefined) return { end: 'gone', events };
    if (lastSent === undefined || check.version > lastSent) {
      write(checkEventFrame(check));
      events += 1;
      lastSent = check.version;
      lastWriteAt = now();
      interval = backoff.initialMs;
    }
    if (isTerminal(check.status)) return { end: 'terminal', events };
    const at = now();
    if (at >= deadline) return { end: 'deadline', events };
    if (at - lastWriteAt >= heartbeatMs) {
      write(HEARTBEAT);
      lastWriteAt = at;
    }
    await sleep(Math.min(interval, deadline - at, lastWriteAt + heartbeatMs - at));
    interval = Math.min(interval * 2, backoff.maxMs);
    if (!isOpen()) return { end: 'closed', events };
    check = await read();
  }
}
