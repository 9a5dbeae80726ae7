import { isTerminal, toPublicCheck, type StoredCheck } from './check';
import { toCloudEvent } from '../shared/cloud-event';
import type { Backoff } from './wait-for-change';
import {
  followCheck,
  KEEP_ALIVE_MS,
  STREAM_BACKOFF,
  type FollowCheckOptions,
  type StreamEnd,
} from './follow-check';

/** Server-Sent Events framing of the versions `followCheck` yields, behind `GET /checks/{id}/events`. */

/** How long EventSource waits before it reconnects after the stream ends. */
export const SSE_RETRY_MS = 2000;

/** Proxies drop idle connections; the contract promises a comment at least every 15 s. */
export const HEARTBEAT_MS = KEEP_ALIVE_MS;

/** Slower than long polling: a stream lives for minutes, and every read is paid for. */
export const SSE_BACKOFF: Backoff = STREAM_BACKOFF;

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

export interface StreamChangesOptions extends Omit<FollowCheckOptions, 'keepAliveMs'> {
  readonly write: (chunk: string) => void;
  readonly heartbeatMs?: number;
}

export interface StreamSummary {
  readonly end: StreamEnd;
  readonly events: number;
}

/**
 * Writes the check's current state (unless the client has it), then each newer version, as
 * SSE events, with a heartbeat comment when nothing was written for `heartbeatMs`, until the
 * check finishes, disappears, the client leaves or the deadline comes.
 */
export async function streamChanges(options: StreamChangesOptions): Promise<StreamSummary> {
  const { write, heartbeatMs, ...follow } = options;
  const steps = followCheck({ ...follow, keepAliveMs: heartbeatMs });
  let events = 0;
  for (;;) {
    const step = await steps.next();
    if (step.done === true) return { end: step.value, events };
    if (step.value.kind === 'keep-alive') {
      write(HEARTBEAT);
    } else {
      write(checkEventFrame(step.value.check));
      events += 1;
    }
  }
}
