import { createParser } from 'eventsource-parser';
import { isCheckCloudEvent } from '../cloud-event';
import { TransportFailure } from '../errors';
import { checkUrl, readText, send, statusFailure, type HttpConfig } from '../http';
import type { Transport } from '../transport';

/**
 * Server-Sent Events over fetch rather than EventSource: fetch can send `Authorization` and
 * `Last-Event-ID`, and lets the engine count bytes. One stream per `connect`; the server
 * ends it after the final event, or before its 15-minute limit (the engine reconnects).
 */
export function sseTransport(http: HttpConfig): Transport {
  return {
    name: 'sse',
    streams: true,
    async connect(context) {
      const last = context.lastVersion();
      const headers: Record<string, string> = { Accept: 'text/event-stream' };
      if (last !== undefined) headers['Last-Event-ID'] = String(last);
      const url = checkUrl(http, context.checkId, '/events');
      const response = await send(http, context, url, headers);
      // 204: the watch already has the final event.
      if (response.status === 204) return;
      if (response.status !== 200) {
        throw statusFailure(
          response.status,
          `GET /checks/${context.checkId}/events`,
          await readText(response, context),
        );
      }
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('text/event-stream') || response.body === null) {
        await response.body?.cancel();
        throw new TransportFailure(`not an event stream (Content-Type ${type || 'missing'})`, false);
      }
      const parser = createParser({
        onEvent: ({ data }) => {
          const event: unknown = JSON.parse(data);
          if (!isCheckCloudEvent(event))
            throw new TransportFailure('an SSE event is not a check CloudEvent', false);
          context.deliver(event, true);
        },
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          context.received(value.byteLength);
          parser.feed(decoder.decode(value, { stream: true }));
        }
      } catch (error) {
        if (context.signal.aborted || error instanceof TransportFailure) throw error;
        throw new TransportFailure(`the stream broke: ${(error as Error).message}`, true);
      } finally {
        reader.releaseLock();
      }
    },
  };
}
