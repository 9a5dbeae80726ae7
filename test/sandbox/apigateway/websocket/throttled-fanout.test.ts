import { WebSocket } from 'ws';
import { spawnSandbox, stopSpawnedSandbox, type SandboxProcess } from '../../../../scripts/sandbox-process';
import { PROJECT_DIR } from '../../support/synthesized-app';

jest.setTimeout(400_000);

/** Far below AWS's 10,000/s and 5,000: a fan-out to a few hundred subscribers runs into it. */
const RATE_LIMIT = 50;
const BURST_LIMIT = 10;
const SUBSCRIBERS = 300;
/** Enough steps, 5 s apart, that versions are still to come once every client has subscribed. */
const STEPS = 8;

interface CloudEventMessage {
  readonly id: string;
  readonly type: string;
  readonly data: { readonly version: number };
}

interface Subscriber {
  readonly socket: WebSocket;
  readonly versions: number[];
  readonly replies: unknown[];
}

async function eventually<T>(what: string, check: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function subscriber(wsUrl: string, token: string): Promise<Subscriber> {
  const socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
  const versions: number[] = [];
  const replies: unknown[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Partial<CloudEventMessage> & { type?: string };
    if (message.id !== undefined && message.data !== undefined) versions.push(message.data.version);
    else replies.push(message);
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, versions, replies }));
    socket.once('error', reject);
  });
}

/** Subscribes, again if API Gateway answered an error frame; the version the check had then. */
async function subscribe(one: Subscriber, checkId: string): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    const seen = one.replies.length;
    one.socket.send(JSON.stringify({ action: 'subscribe', checkId }));
    const reply = (await eventually(
      'a reply to subscribe',
      () => (one.replies.length > seen ? one.replies[seen] : undefined),
      60_000,
    )) as { type?: string; check?: { version: number } };
    if (reply.type === 'subscribed' && reply.check !== undefined) return reply.check.version;
    if (attempt === 3) throw new Error(`subscribe answered ${JSON.stringify(reply)}`);
  }
}

let sandbox: SandboxProcess | undefined;
const sockets: WebSocket[] = [];

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  if (sandbox !== undefined) await stopSpawnedSandbox(sandbox);
});

describe("a fan-out over the account's @connections throttle", () => {
  it('reaches every subscriber with every version, in order, though posts were answered 429', async () => {
    sandbox = await spawnSandbox(PROJECT_DIR, {
      logName: 'test-throttled-fanout.log',
      args: [
        '--connections-rate-limit',
        String(RATE_LIMIT),
        '--connections-burst-limit',
        String(BURST_LIMIT),
      ],
    });
    const { restUrl, wsUrl, token, sandbox: admin } = sandbox.endpoints;
    const subscribers: Subscriber[] = [];
    for (let index = 0; index < SUBSCRIBERS; index += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => subscriber(wsUrl, token)));
      subscribers.push(...batch);
      sockets.push(...batch.map(({ socket }) => socket));
    }
    const created = await fetch(`${restUrl}checks`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: 'throttled.example', steps: STEPS, stepMs: 5_000 }),
    });
    expect(created.status).toBe(202);
    const check = (await created.json()) as { id: string };
    // In batches: a loaded machine may time the message function out under 300 at once.
    const subscribedAt: number[] = [];
    for (let index = 0; index < SUBSCRIBERS; index += 25) {
      const batch = subscribers.slice(index, index + 25);
      subscribedAt.push(...(await Promise.all(batch.map((one) => subscribe(one, check.id)))));
    }
    // The check's first version is its creation; each step makes one more.
    const last = STEPS + 1;
    expect(Math.max(...subscribedAt)).toBeLessThan(last);
    await eventually(
      'the last version at every subscriber',
      () => (subscribers.every(({ versions }) => versions.includes(last)) ? true : undefined),
      240_000,
    );
    subscribers.forEach(({ versions }, index) => {
      const firstArrivals = versions.filter((version, at) => versions.indexOf(version) === at);
      const expected = Array.from(
        { length: last - subscribedAt[index] },
        (_, step) => subscribedAt[index] + 1 + step,
      );
      expect(firstArrivals.filter((version) => version > subscribedAt[index])).toEqual(expected);
    });
    const listed = (await (
      await fetch(admin?.connectionsAdminUrl ?? '', {
        headers: { Authorization: `Bearer ${admin?.adminSecret ?? ''}` },
      })
    ).json()) as Array<{ postsThrottled: number }>;
    const throttled = listed.reduce((sum, { postsThrottled }) => sum + postsThrottled, 0);
    expect(throttled).toBeGreaterThan(0);
  });
});
