import { TransportFailure, WatchError } from '../../../client/errors';
import type { HttpConfig } from '../../../client/http';
import { longPollTransport } from '../../../client/transports/long-poll';
import { pollTransport } from '../../../client/transports/poll';
import { sseTransport } from '../../../client/transports/sse';
import {
  eventOf,
  jsonResponse,
  RecordingContext,
  scriptedFetch,
  sseFrame,
  stateOf,
  streamResponse,
} from './fixtures';

const REST_URL = 'https://api.example.com/prod/';

function httpWith(fake: typeof fetch): HttpConfig {
  return { restUrl: REST_URL, token: async () => 'tok', fetch: fake };
}

describe('sse transport', () => {
  it('sends the token and Last-Event-ID, and delivers each event as it is parsed', async () => {
    const frames = [sseFrame(eventOf(3)), sseFrame(eventOf(4, 'done'))].join('');
    // Split mid-frame: the parser must join chunks.
    const { fetch, calls } = scriptedFetch([
      () => streamResponse(['retry: 2000\n\n', frames.slice(0, 50), frames.slice(50)]),
    ]);
    const context = new RecordingContext(2);
    await sseTransport(httpWith(fetch)).connect(context);
    expect(calls[0]).toEqual({
      url: `${REST_URL}checks/c0ffee00-0000-4000-8000-000000000001/events`,
      headers: { Accept: 'text/event-stream', 'Last-Event-ID': '2', Authorization: 'Bearer tok' },
    });
    expect(context.delivered).toEqual([
      { version: 3, type: 'check.progress', coalesced: true },
      { version: 4, type: 'check.done', coalesced: true },
    ]);
    expect(context.requests).toBe(1);
    expect(context.bytes).toBe(Buffer.byteLength(`retry: 2000\n\n${frames}`));
  });

  it('refuses a response that is not an event stream, so the engine falls back', async () => {
    const { fetch } = scriptedFetch([() => streamResponse(['<html>'], 'text/html')]);
    const failure = await sseTransport(httpWith(fetch))
      .connect(new RecordingContext())
      .catch((error: unknown) => error);
    expect(failure).toEqual(new TransportFailure('not an event stream (Content-Type text/html)', false));
  });

  it('calls 503 transient, 404 a refusal, and 204 the normal end', async () => {
    const { fetch } = scriptedFetch([
      () => jsonResponse(503, { error: { code: 'UNAVAILABLE' } }),
      () => jsonResponse(404, { error: { code: 'NOT_FOUND' } }),
      () => new Response(null, { status: 204 }),
    ]);
    const transport = sseTransport(httpWith(fetch));
    await expect(transport.connect(new RecordingContext())).rejects.toMatchObject({ transient: true });
    await expect(transport.connect(new RecordingContext())).rejects.toBeInstanceOf(WatchError);
    await expect(transport.connect(new RecordingContext(4))).resolves.toBeUndefined();
  });

  it('calls a network error transient', async () => {
    const fake = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(sseTransport(httpWith(fake)).connect(new RecordingContext())).rejects.toEqual(
      new TransportFailure('request failed: fetch failed', true),
    );
  });
});

describe('long-poll transport', () => {
  it('reads the check first, then waits after the last version until the final one', async () => {
    const { fetch, calls } = scriptedFetch([
      () => jsonResponse(200, stateOf(1)),
      () => new Response(null, { status: 304 }),
      () => jsonResponse(200, stateOf(3)),
      () => jsonResponse(200, stateOf(4, 'done')),
    ]);
    const context = new RecordingContext();
    await longPollTransport(httpWith(fetch), 20).connect(context);
    expect(calls.map((call) => new URL(call.url).search)).toEqual([
      '',
      '?waitSeconds=20&afterVersion=1',
      '?waitSeconds=20&afterVersion=1',
      '?waitSeconds=20&afterVersion=3',
    ]);
    expect(context.delivered.map((event) => event.version)).toEqual([1, 3, 4]);
    expect(context.requests).toBe(4);
  });

  it('resumes after the version another transport delivered', async () => {
    const { fetch, calls } = scriptedFetch([() => jsonResponse(200, stateOf(5, 'failed'))]);
    await longPollTransport(httpWith(fetch), 10).connect(new RecordingContext(4));
    expect(new URL(calls[0]?.url ?? '').searchParams.get('afterVersion')).toBe('4');
  });

  it('calls 401 a refusal', async () => {
    const { fetch } = scriptedFetch([() => jsonResponse(401, { error: { code: 'UNAUTHORIZED' } })]);
    await expect(
      longPollTransport(httpWith(fetch), 10).connect(new RecordingContext()),
    ).rejects.toMatchObject({
      name: 'WatchError',
      status: 401,
    });
  });
});

describe('poll transport', () => {
  it('sends If-None-Match, from the version it resumes at and then from the ETag', async () => {
    const { fetch, calls } = scriptedFetch([
      () => new Response(null, { status: 304, headers: { ETag: '"2"' } }),
      () => jsonResponse(200, stateOf(3), { ETag: '"3"' }),
      () => jsonResponse(200, stateOf(4, 'done'), { ETag: '"4"' }),
    ]);
    const context = new RecordingContext(2);
    await pollTransport(httpWith(fetch), 1).connect(context);
    expect(calls.map((call) => call.headers['If-None-Match'])).toEqual(['"2"', '"2"', '"3"']);
    expect(context.delivered.map((event) => event.version)).toEqual([3, 4]);
  });

  it('stops when the engine aborts it', async () => {
    const { fetch, calls } = scriptedFetch([() => jsonResponse(200, stateOf(1))]);
    const context = new RecordingContext();
    const done = pollTransport(httpWith(fetch), 60_000).connect(context);
    await new Promise((resolve) => setTimeout(resolve, 5));
    context.controller.abort();
    await done;
    expect(calls).toHaveLength(1);
  });
});
