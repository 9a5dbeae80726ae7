import type { StoredCheck } from '../../../lambda/checks/check';
import {
  checkEventFrame,
  HEARTBEAT,
  HEARTBEAT_MS,
  isStreamComplete,
  retryFrame,
  streamChanges,
  type StreamChangesOptions,
} from '../../../lambda/checks/sse';
import { checkAt, FakeClock, parseEventStream } from './support';
import { CHECK_ID } from '../support/checks';

describe('checkEventFrame', () => {
  it('frames the CloudEvent of the public check with its version as id and its type as event', () => {
    const frame = checkEventFrame(checkAt(2));

    expect(frame.endsWith('\n\n')).toBe(true);
    const lines = frame.slice(0, -2).split('\n');
    expect(lines[0]).toBe('id: 2');
    expect(lines[1]).toBe('event: check.progress');
    expect(lines).toHaveLength(3);
    expect(lines[2].startsWith('data: ')).toBe(true);
    expect(JSON.parse(lines[2].slice('data: '.length))).toEqual({
      specversion: '1.0',
      id: `${CHECK_ID}:2`,
      source: '/checks',
      type: 'check.progress',
      subject: CHECK_ID,
      time: '2026-01-02T03:04:06.000Z',
      datacontenttype: 'application/json',
      data: {
        id: CHECK_ID,
        status: 'processing',
        progress: 33,
        version: 2,
        target: 'example.com',
        createdAt: '2026-01-02T03:04:05.000Z',
        updatedAt: '2026-01-02T03:04:06.000Z',
      },
    });
  });

  it('never carries the tenant, the job or the expiry', () => {
    const frame = checkEventFrame(checkAt(1));

    expect(frame).not.toContain('acme');
    expect(frame).not.toContain('stepMs');
    expect(frame).not.toContain('expiresAt');
  });

  it('names a finished check by its outcome', () => {
    expect(checkEventFrame(checkAt(4))).toContain('event: check.done\n');
    expect(checkEventFrame(checkAt(3, { status: 'failed' }))).toContain('event: check.failed\n');
    expect(checkEventFrame(checkAt(1))).toContain('event: check.created\n');
  });
});

describe('retryFrame', () => {
  it('sets the reconnection delay', () => {
    expect(retryFrame(2000)).toBe('retry: 2000\n\n');
  });
});

describe('isStreamComplete', () => {
  it.each([
    ['a finished check the client has', checkAt(4), 4, true],
    ['a finished check the client has a later id for', checkAt(4), 9, true],
    ['a finished check the client has not seen', checkAt(4), 3, false],
    ['a finished check and no resume point', checkAt(4), undefined, false],
    ['a running check the client has', checkAt(2), 2, false],
  ])('%s: %s', (_case, check, resumeAfter, expected) => {
    expect(isStreamComplete(check, resumeAfter)).toBe(expected);
  });
});

describe('streamChanges', () => {
  let clock: FakeClock;
  let written: string[];
  let readCount: number;

  beforeEach(() => {
    clock = new FakeClock();
    written = [];
    readCount = 0;
  });

  /** Each read answers the next state; the last one repeats. */
  function options(
    states: Array<StoredCheck | undefined>,
    overrides: Partial<StreamChangesOptions> = {},
  ): StreamChangesOptions {
    const [first, ...later] = states;
    if (first === undefined) throw new Error('the first state must be a check');
    return {
      first,
      resumeAfter: undefined,
      read: async () => {
        const state = later[Math.min(readCount, later.length - 1)];
        readCount += 1;
        return state;
      },
      write: (chunk) => {
        written.push(chunk);
      },
      isOpen: () => true,
      sleep: clock.sleep,
      now: clock.now,
      deadline: clock.now() + 600_000,
      ...overrides,
    };
  }

  const events = () => parseEventStream(written.join('')).filter((event) => event.comment === undefined);

  it('sends the current state, then each new version in order, and ends after the final one', async () => {
    const summary = await streamChanges(
      options([checkAt(1), checkAt(1), checkAt(2), checkAt(2), checkAt(3), checkAt(4)]),
    );

    expect(summary).toEqual({ end: 'terminal', events: 4 });
    expect(events().map((event) => [event.id, event.event])).toEqual([
      ['1', 'check.created'],
      ['2', 'check.progress'],
      ['3', 'check.progress'],
      ['4', 'check.done'],
    ]);
    expect(readCount).toBe(5);
  });

  it('sends the newest version when several changed between two reads', async () => {
    await streamChanges(options([checkAt(1), checkAt(3), checkAt(3), checkAt(4)]));

    expect(events().map((event) => event.id)).toEqual(['1', '3', '4']);
  });

  it('ends at once, without a read, when the current state is final', async () => {
    const summary = await streamChanges(options([checkAt(3, { status: 'failed' })]));

    expect(summary).toEqual({ end: 'terminal', events: 1 });
    expect(events().map((event) => event.event)).toEqual(['check.failed']);
    expect(readCount).toBe(0);
  });

  it('resumes after the version the client has: only newer ones are sent', async () => {
    const summary = await streamChanges(
      options([checkAt(2), checkAt(2), checkAt(3), checkAt(4)], { resumeAfter: 2 }),
    );

    expect(summary).toEqual({ end: 'terminal', events: 2 });
    expect(events().map((event) => event.id)).toEqual(['3', '4']);
  });

  it('sends the current state when the client is behind it', async () => {
    await streamChanges(options([checkAt(3), checkAt(4)], { resumeAfter: 1 }));

    expect(events().map((event) => event.id)).toEqual(['3', '4']);
  });

  it('backs off while nothing changes, up to 2 s, and starts again from 250 ms after a change', async () => {
    await streamChanges(
      options([
        checkAt(1),
        ...Array<StoredCheck>(5).fill(checkAt(1)),
        checkAt(2),
        checkAt(2),
        checkAt(2),
        checkAt(4),
      ]),
    );

    expect(clock.sleeps).toEqual([250, 500, 1000, 2000, 2000, 2000, 250, 500, 1000]);
  });

  it('writes a heartbeat comment when nothing was written for 10 s, and never stays silent longer', async () => {
    const start = clock.now();
    const writeTimes: number[] = [];
    const unchanged = Array<StoredCheck>(30).fill(checkAt(1));

    await streamChanges(
      options([checkAt(1), ...unchanged, checkAt(4)], {
        write: (chunk) => {
          written.push(chunk);
          writeTimes.push(clock.now() - start);
        },
      }),
    );

    const heartbeats = written.filter((chunk) => chunk === HEARTBEAT);
    expect(heartbeats.length).toBeGreaterThanOrEqual(4);
    expect(writeTimes.slice(0, 3)).toEqual([0, HEARTBEAT_MS, 2 * HEARTBEAT_MS]);
    const gaps = writeTimes.slice(1).map((time, index) => time - writeTimes[index]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(HEARTBEAT_MS);
  });

  it('sends no heartbeat while events keep the stream busy', async () => {
    const busy = [1, 2, 3].map((version) => checkAt(version));

    await streamChanges(options([...busy, checkAt(4)], { heartbeatMs: 200 }));

    expect(written).not.toContain(HEARTBEAT);
  });

  it('ends when the deadline comes, without sleeping past it', async () => {
    const start = clock.now();

    const summary = await streamChanges(options([checkAt(1), checkAt(1)], { deadline: start + 5000 }));

    expect(summary).toEqual({ end: 'deadline', events: 1 });
    expect(clock.now()).toBe(start + 5000);
    expect(clock.sleeps).toEqual([250, 500, 1000, 2000, 1250]);
  });

  it('ends when the check disappears', async () => {
    const summary = await streamChanges(options([checkAt(1), checkAt(2), undefined]));

    expect(summary).toEqual({ end: 'gone', events: 2 });
  });

  it('stops reading once the client has gone', async () => {
    let open = true;
    const summary = await streamChanges(
      options([checkAt(1), checkAt(1), checkAt(2)], {
        isOpen: () => open,
        sleep: async (ms) => {
          await clock.sleep(ms);
          if (clock.sleeps.length === 2) open = false;
        },
      }),
    );

    expect(summary).toEqual({ end: 'closed', events: 1 });
    expect(readCount).toBe(1);
  });
});
