import type { CheckCloudEvent } from '../../lambda/shared/cloud-event';
import { expectCloudEvent } from './support/contract';
import { readEventStream, type EventStream, type SseEvent } from './support/event-stream';
import { tenantSession, type TenantSession } from './support/suite';

describe('Server-Sent Events: GET /checks/{id}/events', () => {
  let session: TenantSession;

  beforeAll(async () => {
    session = await tenantSession('sse');
  });

  const eventsUrl = (id: string, query: Record<string, string> = {}) =>
    session.api.urlOf(`checks/${id}/events`, query);
  const withHeader = (headers: Record<string, string> = {}) => ({
    headers: { Authorization: `Bearer ${session.token}`, ...headers },
  });

  /** Each event's framing matches its CloudEvent: `id:` is the version, `event:` the type. */
  function cloudEventsOf(events: readonly SseEvent[], checkId: string): CheckCloudEvent[] {
    return events.map((frame) => {
      const event = expectCloudEvent(JSON.parse(frame.data), checkId);
      expect({ id: frame.id, event: frame.event }).toEqual({
        id: String(event.data.version),
        event: event.type,
      });
      return event;
    });
  }

  function expectEventStream(stream: EventStream): void {
    expect({ status: stream.status, body: stream.text }).toEqual({ status: 200, body: undefined });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
  }

  function versionsOf(events: readonly CheckCloudEvent[]): number[] {
    return events.map((event) => event.data.version);
  }

  function expectAscending(versions: readonly number[]): void {
    expect(versions.every((version, index) => index === 0 || version > (versions[index - 1] ?? 0))).toBe(
      true,
    );
  }

  it('streams the current state first, then each change in version order, and ends after done', async () => {
    // The first step takes 4 s: the stream opens while the check is still at version 1, even
    // when the stream's function and its authorizer start cold on a busy machine.
    const created = await session.api.createCheck({ target: 'sse.example', steps: 3, stepMs: 4000 });

    const stream = await readEventStream(eventsUrl(created.id), withHeader());

    expect(await stream.ended).toBe('server');
    expectEventStream(stream);
    const retry = stream.frames.findIndex((frame) => frame.kind === 'retry');
    expect(retry).toBeGreaterThanOrEqual(0);
    expect(retry).toBeLessThan(stream.frames.findIndex((frame) => frame.kind === 'event'));
    const events = cloudEventsOf(stream.events(), created.id);
    expect(events[0]).toEqual(expect.objectContaining({ type: 'check.created', data: created }));
    expectAscending(versionsOf(events));
    expect(events[events.length - 1]).toEqual(
      expect.objectContaining({ type: 'check.done', data: expect.objectContaining({ version: 4 }) }),
    );
    expect(stream.frames[stream.frames.length - 1]?.kind).toBe('event');
  });

  it('streams a failing check to check.failed and ends, with the token in the query', async () => {
    const created = await session.api.createCheck({
      target: 'sse-failed.example',
      steps: 3,
      stepMs: 200,
      failAtStep: 2,
    });

    const stream = await readEventStream(eventsUrl(created.id, { token: session.token }));

    expect(await stream.ended).toBe('server');
    expectEventStream(stream);
    const events = cloudEventsOf(stream.events(), created.id);
    expectAscending(versionsOf(events));
    expect(events[events.length - 1]).toEqual(
      expect.objectContaining({
        type: 'check.failed',
        data: expect.objectContaining({ version: 3, result: expect.objectContaining({ failedAtStep: 2 }) }),
      }),
    );
  });

  it('resumes after Last-Event-ID, given as the header or as ?lastEventId=', async () => {
    const created = await session.api.createCheck({ target: 'sse-resume.example', steps: 4, stepMs: 400 });
    const seen = await session.api.pollUntil(created.id, (check) => check.version >= 2, 'version 2');
    const lastEventId = String(seen.version);

    const [byHeader, byQuery] = await Promise.all([
      readEventStream(eventsUrl(created.id), withHeader({ 'Last-Event-ID': lastEventId })),
      readEventStream(eventsUrl(created.id, { lastEventId }), withHeader()),
    ]);

    for (const stream of [byHeader, byQuery]) {
      expectEventStream(stream);
      const versions = versionsOf(cloudEventsOf(stream.events(), created.id));
      expect(versions.length).toBeGreaterThan(0);
      expect(versions.filter((version) => version <= seen.version)).toEqual([]);
      expectAscending(versions);
      expect(versions[versions.length - 1]).toBe(5);
    }
  });

  it('sends an ended check as its final event only, and answers 204 to a resume at or past it', async () => {
    const created = await session.api.createCheck({ target: 'sse-ended.example', steps: 2, stepMs: 50 });
    const done = await session.api.followToEnd(created.id);

    const [fresh, before, atHeader, atQuery, pastQuery] = await Promise.all([
      readEventStream(eventsUrl(created.id), withHeader()),
      readEventStream(eventsUrl(created.id), withHeader({ 'Last-Event-ID': '1' })),
      readEventStream(eventsUrl(created.id), withHeader({ 'Last-Event-ID': String(done.version) })),
      readEventStream(eventsUrl(created.id, { lastEventId: String(done.version), token: session.token })),
      readEventStream(eventsUrl(created.id, { lastEventId: String(done.version + 3) }), withHeader()),
    ]);

    for (const stream of [fresh, before]) {
      expectEventStream(stream);
      expect(versionsOf(cloudEventsOf(stream.events(), created.id))).toEqual([done.version]);
    }
    for (const complete of [atHeader, atQuery, pastQuery]) {
      expect({ status: complete.status, body: complete.text }).toEqual({ status: 204, body: '' });
    }
  });

  it('sends a heartbeat comment during a silence longer than 10 seconds', async () => {
    // A step lasts at most 10 s, so the silence is made by resuming after version 6: nothing is
    // sent until version 7 (done), about 12 s later.
    const created = await session.api.createCheck({ target: 'sse-quiet.example', steps: 6, stepMs: 2000 });

    const stream = await readEventStream(eventsUrl(created.id), {
      ...withHeader({ 'Last-Event-ID': '6' }),
      timeoutMs: 45_000,
    });

    expect(await stream.ended).toBe('server');
    expectEventStream(stream);
    expect(stream.events().map((event) => event.id)).toEqual(['7']);
    const done = stream.frames.findIndex((frame) => frame.kind === 'event');
    expect(stream.frames.slice(0, done)).toContainEqual(
      expect.objectContaining({ kind: 'comment', text: expect.stringMatching(/heartbeat/) }),
    );
  }, 60_000);
});
