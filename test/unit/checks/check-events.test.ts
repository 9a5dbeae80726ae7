import { streamified } from './fake-awslambda';
import { checkAt, FakeClock, FakeResponseStream, parseEventStream, remaining, itemsInTurn } from './support';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { StoredCheck } from '../../../lambda/checks/check';
import { HEARTBEAT, HEARTBEAT_MS } from '../../../lambda/checks/sse';
import {
  createCheckEventsStreamer,
  handler,
  STREAM_MARGIN_MS,
  streamCheckEvents,
} from '../../../lambda/checks/check-events';
import { documentClient } from '../../../lambda/shared/dynamo';
import { logger } from '../../../lambda/shared/logger';
import { DynamoCheckStore } from '../../../lambda/checks/dynamo-check-store';
import { CHECK_ID, OTHER_TENANT, storedCheck } from '../support/checks';
import { restEvent, type RestEventOptions } from '../support/rest-event';
import { ENV } from '../env';

const ddb = mockClient(DynamoDBDocumentClient);

const eventsOf = (stream: FakeResponseStream) =>
  parseEventStream(stream.body).filter((event) => event.id !== undefined);

describe('check-events handler', () => {
  let clock: FakeClock;
  let stream: FakeResponseStream;
  let streamEvents: ReturnType<typeof createCheckEventsStreamer>;

  const open = (options: RestEventOptions = {}, remainingMs = 60_000) =>
    streamEvents(
      restEvent({ path: `/checks/${CHECK_ID}/events`, resource: '/checks/{id}/events', ...options }),
      stream,
      remaining(remainingMs),
    );

  beforeEach(() => {
    ddb.reset();
    clock = new FakeClock();
    stream = new FakeResponseStream();
    streamEvents = createCheckEventsStreamer({
      store: new DynamoCheckStore(documentClient, ENV.CHECKS_TABLE_NAME),
      sleep: clock.sleep,
      now: clock.now,
    });
  });

  it('is the plain streaming function wrapped by awslambda.streamifyResponse', () => {
    expect(streamified).toEqual([streamCheckEvents]);
    expect(handler).toBe(streamCheckEvents);
  });

  it('streams the current state, then each change, and ends after the final event', async () => {
    itemsInTurn(ddb, checkAt(1), checkAt(1), checkAt(2), checkAt(3), checkAt(3), checkAt(4));

    await open();

    expect(stream.metadata).toEqual({
      statusCode: 200,
      headers: expect.objectContaining({
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache',
        'Access-Control-Allow-Origin': '*',
      }),
    });
    expect(stream.chunks[0]).toBe('retry: 2000\n\n');
    const events = eventsOf(stream);
    expect(events.map((event) => [event.id, event.event])).toEqual([
      ['1', 'check.created'],
      ['2', 'check.progress'],
      ['3', 'check.progress'],
      ['4', 'check.done'],
    ]);
    expect(JSON.parse(events[3].data)).toMatchObject({
      specversion: '1.0',
      id: `${CHECK_ID}:4`,
      type: 'check.done',
      data: { id: CHECK_ID, status: 'done', version: 4 },
    });
    expect(stream.body).not.toContain('acme');
    expect(stream.writableEnded).toBe(true);
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 6);
    expect(ddb).toHaveReceivedNthCommandWith(6, GetCommand, {
      TableName: ENV.CHECKS_TABLE_NAME,
      Key: { id: CHECK_ID },
      ConsistentRead: true,
    });
  });

  it('ends after a failed check too', async () => {
    itemsInTurn(
      ddb,
      checkAt(2),
      checkAt(3, { status: 'failed', result: { message: 'boom', failedAtStep: 2 } }),
    );

    await open();

    expect(eventsOf(stream).map((event) => event.event)).toEqual(['check.progress', 'check.failed']);
    expect(stream.writableEnded).toBe(true);
  });

  it.each([['Last-Event-ID'], ['last-event-id']])(
    'resumes after the version in the %s header',
    async (name) => {
      itemsInTurn(ddb, checkAt(2), checkAt(3), checkAt(4));

      await open({ headers: { [name]: '2' } });

      expect(eventsOf(stream).map((event) => event.id)).toEqual(['3', '4']);
    },
  );

  it('resumes after the version in ?lastEventId=', async () => {
    itemsInTurn(ddb, checkAt(3), checkAt(4));

    await open({ query: { lastEventId: '3' } });

    expect(eventsOf(stream).map((event) => event.id)).toEqual(['4']);
  });

  it('prefers the Last-Event-ID header of a reconnect to the query of the first URL', async () => {
    itemsInTurn(ddb, checkAt(3), checkAt(4));

    await open({ query: { lastEventId: '1' }, headers: { 'Last-Event-ID': '3' } });

    expect(eventsOf(stream).map((event) => event.id)).toEqual(['4']);
  });

  it('answers 204, which stops EventSource from reconnecting, when the client has the final event', async () => {
    itemsInTurn(ddb, checkAt(4));

    await open({ headers: { 'Last-Event-ID': '4' } });

    expect(stream.metadata).toEqual({
      statusCode: 204,
      headers: expect.objectContaining({ 'Access-Control-Allow-Origin': '*' }),
    });
    expect(stream.body).toBe('');
    expect(stream.writableEnded).toBe(true);
  });

  it('writes a heartbeat comment after 10 s without a change', async () => {
    const quiet = Array<StoredCheck>(12).fill(checkAt(2));
    itemsInTurn(ddb, checkAt(2), ...quiet, checkAt(3), checkAt(4));
    const start = clock.now();

    await open();

    expect(stream.chunks).toContain(HEARTBEAT);
    const blocks = parseEventStream(stream.body);
    expect(blocks.findIndex((block) => block.comment === 'heartbeat')).toBeGreaterThan(
      blocks.findIndex((block) => block.id === '2'),
    );
    expect(clock.now() - start).toBeGreaterThan(HEARTBEAT_MS);
  });

  it("ends the stream before the function's time runs out, so the client reconnects", async () => {
    itemsInTurn(ddb, checkAt(2));
    const start = clock.now();

    await open({}, 20_000);

    expect(clock.now() - start).toBe(20_000 - STREAM_MARGIN_MS);
    expect(eventsOf(stream).map((event) => event.id)).toEqual(['2']);
    expect(stream.writableEnded).toBe(true);
  });

  it('logs the number of reads when the stream ends', async () => {
    itemsInTurn(ddb, checkAt(3), checkAt(3), checkAt(4));
    const info = jest.spyOn(logger, 'info');

    await open();

    expect(info).toHaveBeenCalledWith(
      'Event stream ended',
      expect.objectContaining({ checkId: CHECK_ID, reads: 3, end: 'terminal', events: 2 }),
    );
    info.mockRestore();
  });

  it('stops polling once the client has gone', async () => {
    itemsInTurn(ddb, checkAt(1));
    const sleep = clock.sleep;
    streamEvents = createCheckEventsStreamer({
      store: new DynamoCheckStore(documentClient, ENV.CHECKS_TABLE_NAME),
      now: clock.now,
      sleep: async (ms) => {
        await sleep(ms);
        if (clock.sleeps.length === 3) stream.destroy();
      },
    });

    await open();

    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 3);
  });

  it('ends the stream, and logs, when a read fails after it opened', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: checkAt(1) })
      .rejects(new Error('throttled'));
    const error = jest.spyOn(logger, 'error');

    await open();

    expect(stream.metadata?.statusCode).toBe(200);
    expect(eventsOf(stream).map((event) => event.id)).toEqual(['1']);
    expect(stream.writableEnded).toBe(true);
    expect(error).toHaveBeenCalledWith('Event stream failed', expect.objectContaining({ checkId: CHECK_ID }));
    error.mockRestore();
  });

  describe('errors before the stream opens', () => {
    it.each([
      ['an id that is not a UUID', { pathParameters: { id: 'nope' } }, 400, 'VALIDATION_ERROR'],
      [
        'a Last-Event-ID that is not a version',
        { headers: { 'Last-Event-ID': 'abc' } },
        400,
        'VALIDATION_ERROR',
      ],
      ['a negative ?lastEventId=', { query: { lastEventId: '-1' } }, 400, 'VALIDATION_ERROR'],
      ['no tenant', { tenant: null }, 401, 'UNAUTHORIZED'],
    ])('answers %s with a JSON error', async (_case, options: RestEventOptions, statusCode, code) => {
      itemsInTurn(ddb, checkAt(1));

      await open(options);

      expect(stream.metadata).toEqual({
        statusCode,
        headers: expect.objectContaining({
          'Content-Type': 'application/json',
          'Access-Control-Allow-Origin': '*',
        }),
      });
      expect(JSON.parse(stream.body)).toEqual({ error: { code, message: expect.any(String) } });
      expect(stream.writableEnded).toBe(true);
      expect(ddb).not.toHaveReceivedCommand(GetCommand);
    });

    it('answers 404 for an unknown check', async () => {
      itemsInTurn(ddb, undefined);

      await open();

      expect(stream.metadata?.statusCode).toBe(404);
      expect(JSON.parse(stream.body)).toEqual({
        error: { code: 'NOT_FOUND', message: `Check ${CHECK_ID} not found` },
      });
    });

    it("answers 404 for another tenant's check, and streams nothing of it", async () => {
      itemsInTurn(ddb, storedCheck({ tenant: OTHER_TENANT }));

      await open();

      expect(stream.metadata?.statusCode).toBe(404);
      expect(stream.body).not.toContain('example.com');
      expect(ddb).toHaveReceivedCommandTimes(GetCommand, 1);
    });

    it('answers 500 without the SDK message when the first read fails', async () => {
      ddb.on(GetCommand).rejects(new Error('AccessDenied secret-detail'));

      await open();

      expect(stream.metadata?.statusCode).toBe(500);
      expect(JSON.parse(stream.body)).toEqual({ error: { code: 'INTERNAL', message: 'Internal error' } });
    });
  });
});
