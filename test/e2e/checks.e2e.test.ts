import { expectCheck } from './support/contract';
import { tenantSession, type TenantSession } from './support/suite';

describe('checks: create, and follow by short polling', () => {
  let session: TenantSession;

  beforeAll(async () => {
    session = await tenantSession('checks');
  });

  it('creates a check: 202 with the check, its Location and its ETag', async () => {
    const answer = await session.api.request('POST', 'checks', {
      body: { target: 'example.com', steps: 2, stepMs: 50 },
    });

    expect(answer.status).toBe(202);
    const check = expectCheck(answer.json, { status: 'processing', version: 1, target: 'example.com' });
    expect(check.progress).toBe(0);
    expect(answer.headers.get('etag')).toBe('"1"');
    const location = answer.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`/checks/${check.id}$`));
    const byLocation = await fetch(new URL(location, session.api.restUrl), {
      headers: { Authorization: `Bearer ${session.token}` },
    });
    expect(byLocation.status).toBe(200);
    expect(await byLocation.json()).toEqual(expect.objectContaining({ id: check.id }));
  });

  it('follows a check to done', async () => {
    const created = await session.api.createCheck({ target: 'done.example', steps: 3, stepMs: 100 });

    const done = await session.api.followToEnd(created.id);

    expectCheck(done, { id: created.id, status: 'done', version: 4, target: 'done.example' });
    expect(done.progress).toBe(100);
    expect(done.result?.failedAtStep).toBeUndefined();
    expect(done.createdAt).toBe(created.createdAt);
  });

  it('follows a check to failed at failAtStep', async () => {
    const created = await session.api.createCheck({
      target: 'failed.example',
      steps: 3,
      stepMs: 100,
      failAtStep: 2,
    });

    const failed = await session.api.followToEnd(created.id);

    expectCheck(failed, { id: created.id, status: 'failed', version: 3 });
    expect(failed.result).toEqual(expect.objectContaining({ failedAtStep: 2 }));
  });

  it('answers 200 with an ETag, and 304 to an If-None-Match that names it', async () => {
    const created = await session.api.createCheck({ target: 'etag.example', steps: 1, stepMs: 0 });
    const done = await session.api.followToEnd(created.id);
    const etag = `"${done.version}"`;

    const [plain, matching, weak, listed, stale] = await Promise.all([
      session.api.getCheck(done.id),
      session.api.getCheck(done.id, { 'If-None-Match': etag }),
      session.api.getCheck(done.id, { 'If-None-Match': `W/${etag}` }),
      session.api.getCheck(done.id, { 'If-None-Match': `"999", ${etag}` }),
      session.api.getCheck(done.id, { 'If-None-Match': '"1"' }),
    ]);

    expect(plain.status).toBe(200);
    expect(plain.headers.get('etag')).toBe(etag);
    expect(plain.json).toEqual(done);
    for (const notModified of [matching, weak, listed]) {
      expect(notModified.status).toBe(304);
      expect(notModified.text).toBe('');
      expect(notModified.headers.get('etag')).toBe(etag);
    }
    expect(stale.status).toBe(200);
    expect(stale.json).toEqual(done);
  });
});
