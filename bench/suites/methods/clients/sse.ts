import { createParser } from 'eventsource-parser';
import type { CheckCloudEvent } from '../../../../lambda/shared/cloud-event';
import { openRequest } from '../../../wire/http-request';
import type { MethodSession } from '../types';
import { HttpWatcher, sessionOf } from './http-watcher';
import { checkUrl, inBatches, type RunSpec } from './run-spec';

async function stream(watcher: HttpWatcher, url: string, token: string, finalVersion: number): Promise<void> {
  const response = await openRequest(watcher.agent, watcher.meter, {
    method: 'GET',
    url,
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
    timeoutMs: 120_000,
  });
  if (response.statusCode !== 200) {
    response.resume();
    throw new Error(`GET ${url} answered ${response.statusCode}`);
  }
  const parser = createParser({
    onEvent: ({ data }) => {
      const at = Date.now();
      const event = JSON.parse(data) as CheckCloudEvent;
      watcher.commits.set(event.data.version, Date.parse(event.time));
      const attached = watcher.readyAt !== 0;
      watcher.received.push({
        version: event.data.version,
        at,
        payloadBytes: Buffer.byteLength(data),
        phase: attached ? 'steady' : 'setup',
      });
      if (!attached) watcher.attach(at);
      if (event.data.version >= finalVersion) watcher.endAt = at;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of response) parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
}

/** The `Event stream ended` lines of the check-events function, which log each stream's table reads. */
export type StreamReads = (
  checkId: string,
  streams: number,
) => Promise<{ readonly total: number; readonly found: number }>;

/**
 * N clients each holding `GET /checks/{id}/events`: the first event (the current state)
 * attaches a client; the stream ends after the final version. The reads are the function's
 * own count, from its log.
 */
export async function runSse(spec: RunSpec, streamReads: StreamReads): Promise<MethodSession> {
  const checkId = await spec.createCheck();
  const url = checkUrl(spec.restUrl, `checks/${checkId}/events`);
  const watchers = Array.from({ length: spec.clients }, () => new HttpWatcher(false));
  const notes: string[] = [];
  const errors: string[] = [];
  await inBatches(spec.clients, spec.clients, (index) =>
    stream(watchers[index], url, spec.token, spec.finalVersion).catch((error: Error) => {
      errors.push(error.message);
    }),
  );
  if (errors.length > 0) notes.push(`${errors.length} streams failed, e.g. ${errors[0]}`);
  const reads = await streamReads(checkId, spec.clients);
  if (reads.found < spec.clients)
    notes.push(`the log held ${reads.found} of ${spec.clients} streams' read counts`);
  return sessionOf(checkId, watchers, notes, {
    // Each stream's first read opens it, as the attaching long poll's does: not a waiting client's.
    reads: {
      total: reads.total - reads.found,
      source: 'the check-events function log ("Event stream ended", reads)',
    },
  });
}
