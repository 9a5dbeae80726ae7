import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalizeHeaders } from './auth-headers';
import { authorize } from './authorize';
import { badRequest, type EventApiError } from './errors';
import { checkPublish, deliver } from './publish';
import type { EventApiService } from './service';

function answer(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

const answerErrors = (response: ServerResponse, status: number, errors: readonly EventApiError[]): void =>
  answer(response, status, { errors });

/** The body, or undefined once it passes `limit` bytes (the rest is not read). */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * `POST /event`: the HTTP publish API. The body is `{ channel, events }`; the caller is
 * authorized against the namespace's publish modes (SigV4 over this very request for IAM);
 * the answer is AWS's `{ successful, failed }`, or `{ errors }` with 400 or 401.
 */
export async function handlePublishRequest(
  service: EventApiService,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { api, hub, limits, authorities, log } = service;
  const body = await readBody(request, limits.publishPayloadBytes);
  if (body === undefined) {
    request.resume();
    return answerErrors(response, 413, [
      {
        errorType: 'PayloadTooLargeException',
        message: `The request is over ${limits.publishPayloadBytes} bytes`,
      },
    ]);
  }
  const json = parseJson(body);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return answerErrors(response, 400, [
      badRequest('The body must be a JSON object with channel and events'),
    ]);
  }
  const { channel, events } = json as Record<string, unknown>;
  const checked = checkPublish(api, limits, channel, events);
  if ('errorType' in checked) return answerErrors(response, 400, [checked]);
  const decision = await authorize(authorities, {
    operation: 'EVENT_PUBLISH',
    modes: checked.namespace.publishAuthModes,
    headers: normalizeHeaders(request.headers),
    channel: checked.channel,
    signedBody: body.toString('utf8'),
  });
  if (!decision.ok) {
    log(`POST /event to ${checked.channel.path} refused: ${decision.why}`);
    return answerErrors(response, 401, [decision.error]);
  }
  const { deliveries, ...result } = deliver(hub, checked);
  log(`POST /event to ${checked.channel.path}: ${checked.events.length} events, ${deliveries} deliveries`);
  answer(response, 200, result);
}
