import type { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { StoredCheck } from './check';
import type { CheckStore } from './check-store';
import { checkIdSchema, lastEventIdSchema } from './check-input';
import { NotFoundError } from '../shared/errors';
import { isStreamComplete, retryFrame, SSE_RETRY_MS, streamChanges, type StreamChangesOptions } from './sse';
import { parseWith } from '../shared/validate';
import { documentClient } from '../shared/dynamo';
import { requireEnv } from '../shared/env';
import { corsHeaders, errorResult, header, tenantOf, type Headers } from '../shared/http';
import { logger } from '../shared/logger';
import type { PollingDeps, RemainingTime } from './polling';
import { DynamoCheckStore } from './dynamo-check-store';

/** Time kept back from the stream so it ends cleanly before the function times out. */
export const STREAM_MARGIN_MS = 3000;

interface StreamStart {
  readonly id: string;
  readonly first: StoredCheck;
  readonly resumeAfter: number | undefined;
  readonly read: () => Promise<StoredCheck | undefined>;
  readonly reads: () => number;
}

/** Status and headers go out first, through the runtime's prelude; they cannot change after a write. */
function respond(responseStream: Writable, statusCode: number, headers: Headers): Writable {
  return awslambda.HttpResponseStream.from(responseStream, { statusCode, headers });
}

/**
 * Sends a whole response. The runtime writes the prelude on the first `write()` only, and its
 * `end()` takes no data, so even an empty body is written before the stream ends.
 */
function respondWith(responseStream: Writable, statusCode: number, headers: Headers, body: string): void {
  const stream = respond(responseStream, statusCode, headers);
  stream.write(body);
  stream.end();
}

/** The resume point: the browser's `Last-Event-ID` header on a reconnect wins over the query of the first URL. */
function resumePointOf(event: APIGatewayProxyEvent): number | undefined {
  const lastEventId = header(event, 'last-event-id') ?? event.queryStringParameters?.lastEventId;
  return lastEventId === undefined ? undefined : parseWith(lastEventIdSchema, lastEventId, 'Last-Event-ID');
}

/** Reads the check the request names, counting every read the stream makes after it. */
async function openCheck(store: CheckStore, event: APIGatewayProxyEvent): Promise<StreamStart> {
  const tenant = tenantOf(event);
  const id = parseWith(checkIdSchema, event.pathParameters?.id, 'check id');
  const resumeAfter = resumePointOf(event);
  let reads = 0;
  const read = (): Promise<StoredCheck | undefined> => {
    reads += 1;
    return store.get(tenant, id);
  };
  const first = await read();
  if (first === undefined) throw new NotFoundError(`Check ${id} not found`);
  return { id, first, resumeAfter, read, reads: () => reads };
}

function respondWithError(responseStream: Writable, event: APIGatewayProxyEvent, error: unknown): void {
  const { statusCode, body } = errorResult(error);
  respondWith(
    responseStream,
    statusCode,
    { 'Content-Type': 'application/json', ...corsHeaders(event) },
    JSON.stringify(body),
  );
}

/** Writes the check's versions until it ends, the client goes or the deadline passes; then closes. */
async function streamEvents(
  stream: Writable,
  opened: StreamStart,
  clock: Pick<StreamChangesOptions, 'sleep' | 'now' | 'deadline'>,
): Promise<void> {
  const { id, first, resumeAfter, read, reads } = opened;
  try {
    stream.write(retryFrame(SSE_RETRY_MS));
    const summary = await streamChanges({
      first,
      resumeAfter,
      read,
      write: (chunk) => stream.write(chunk),
      isOpen: () => !stream.destroyed,
      ...clock,
    });
    logger.info('Event stream ended', { checkId: id, reads: reads(), ...summary });
  } catch (error) {
    logger.error('Event stream failed', { checkId: id, reads: reads(), error: error as Error });
  } finally {
    stream.end();
  }
}

/**
 * `GET /checks/{id}/events`: a `text/event-stream` of the check's versions. Failures found
 * before the stream opens are JSON errors with their status; a failure while streaming can
 * only end the stream, and the client resumes with Last-Event-ID.
 */
export function createCheckEventsStreamer({ store, sleep = delay, now = Date.now }: PollingDeps) {
  return async (
    event: APIGatewayProxyEvent,
    responseStream: Writable,
    context: RemainingTime,
  ): Promise<void> => {
    let opened: StreamStart;
    try {
      opened = await openCheck(store, event);
    } catch (error) {
      respondWithError(responseStream, event, error);
      return;
    }
    if (isStreamComplete(opened.first, opened.resumeAfter)) {
      // 204 is the one answer that stops EventSource from reconnecting.
      respondWith(responseStream, 204, corsHeaders(event), '');
      logger.info('Event stream not opened: the client has the final event', {
        checkId: opened.id,
        reads: opened.reads(),
      });
      return;
    }
    const stream = respond(responseStream, 200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      ...corsHeaders(event),
    });
    const deadline = now() + context.getRemainingTimeInMillis() - STREAM_MARGIN_MS;
    await streamEvents(stream, opened, { sleep, now, deadline });
  };
}

export const streamCheckEvents = createCheckEventsStreamer({
  store: new DynamoCheckStore(documentClient, requireEnv('CHECKS_TABLE_NAME')),
});

export const handler = awslambda.streamifyResponse<APIGatewayProxyEvent, void>(streamCheckEvents);
