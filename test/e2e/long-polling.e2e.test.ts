import type { Check } from '../../lambda/checks/check';
import { expectCheck } from './support/contract';
import { tenantSession, type TenantSession } from './support/suite';

/** The contract's longest wait; a test that gets its answer sooner was not made to wait. */
const WAIT_SECONDS = 20;

describe('long polling: GET /checks/{id}?waitSeconds=&afterVersion=', () => {
  let session: TenantSession;

  beforeAll(async () => {
    session = await tenantSession('longpoll');
  });

  function expectReads(headers: Headers): void {
    expect(headers.get('x-check-reads')).toMatch(/^[1-9]\d*$/);
  }

  /** Long polls from version 1 until the check ends; each answer must be newer than the last. */
  async function followByLongPolling(id: string): Promise<Check[]> {
    const seen: Check[] = [];
    let afterVersion = 1;
    for (;;) {
      const answer = await session.api.longPoll(id, WAIT_SECONDS, afterVersion);
      expect({ status: answer.status, body: answer.json }).toEqual({ status: 200, body: expect.anything() });
      const check = expectCheck(answer.json, { id });
      expect(check.version).toBeGreaterThan(afterVersion);
      expect(answer.headers.get('etag')).toBe(`"${check.version}"`);
      expectReads(answer.headers);
      seen.push(check);
      if (check.status !== 'processing') return seen;
      afterVersion = check.version;
    }
  }

  it('answers as soon as the version passes afterVersion, up to done, then 304 at once', async () => {
    const created = await session.api.createCheck({ target: 'longpoll.example', steps: 3, stepMs: 300 });

    const seen = await followByLongPolling(created.id);

    const final = seen[seen.length - 1];
    expect(final).toEqual(expect.objectContaining({ status: 'done', version: 4 }));
    const startedAt = Date.now();
    const ended = await session.api.longPoll(created.id, WAIT_SECONDS, 4);
    expect(ended.status).toBe(304);
    expect(ended.text).toBe('');
    expect(ended.headers.get('etag')).toBe('"4"');
    expectReads(ended.headers);
    // A finished check cannot change: the contract answers at once rather than after the wait.
    expect(Date.now() - startedAt).toBeLessThan(WAIT_SECONDS * 1000);
  });

  it('follows a failing check to failed', async () => {
    const created = await session.api.createCheck({
      target: 'longpoll-failed.example',
      steps: 3,
      stepMs: 200,
      failAtStep: 1,
    });

    const seen = await followByLongPolling(created.id);

    expect(seen[seen.length - 1]).toEqual(
      expect.objectContaining({
        status: 'failed',
        version: 2,
        result: expect.objectContaining({ failedAtStep: 1 }),
      }),
    );
  });

  it('answers 304 when waitSeconds pass with no change, and 200 at once when the version is already past', async () => {
    // Its first step takes 10 s: nothing changes during a 2-second wait.
    const slow = await session.api.createCheck({ target: 'slow.example', steps: 1, stepMs: 10_000 });

    const startedAt = Date.now();
    const [unchanged, past] = await Promise.all([
      session.api.longPoll(slow.id, 2, 1),
      session.api.longPoll(slow.id, 2, 0),
    ]);

    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
    expect(unchanged.headers.get('etag')).toBe('"1"');
    expectReads(unchanged.headers);
    // The contract: 304 when the wait ends, so not before waitSeconds.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1950);
    expect(past.status).toBe(200);
    expectCheck(past.json, { id: slow.id, version: 1, status: 'processing' });
  });
});
