import { Amplify } from 'aws-amplify';
import { events } from 'aws-amplify/data';
import { httpsRequest, signedHeaders } from './support/clients';
import { trustingWebSocket } from './support/amplify-websocket';
import { startHarness, type Harness } from './support/harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  (globalThis as { WebSocket?: unknown }).WebSocket = trustingWebSocket(harness.tls.caCertPem);
  Amplify.configure({
    API: { Events: { endpoint: harness.server.httpUrl, region: 'us-east-1', defaultAuthMode: 'lambda' } },
  });
});

afterAll(async () => {
  await events.closeAll();
  // amplify closes its socket a second after the last channel closes.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  await harness.server.stop();
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
});

async function publish(channel: string, event: unknown) {
  const body = JSON.stringify({ channel, events: [JSON.stringify(event)] });
  return httpsRequest(harness.server.httpUrl, harness.tls.caCertPem, {
    headers: await signedHeaders(harness.server.httpUrl, body),
    body,
  });
}

describe("amplify's events client against the sandbox", () => {
  it('subscribes with a Lambda token and receives what the backend publishes, in order', async () => {
    const channel = await events.connect('/checks/amp/c1', { authMode: 'lambda', authToken: 'token-amp' });
    const received: unknown[] = [];
    const subscription = channel.subscribe({
      next: (data: unknown) => received.push(data),
      error: () => undefined,
    });
    await subscription.ready;
    for (const version of [1, 2, 3]) expect((await publish('/checks/amp/c1', { version })).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (received.length < 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toEqual([1, 2, 3].map((version) => expect.objectContaining({ event: { version } })));
    subscription.unsubscribe();
    await channel.close();
  });

  it("rejects a subscription to another tenant's channel", async () => {
    const channel = await events.connect('/checks/other/c1', { authMode: 'lambda', authToken: 'token-amp' });
    const subscription = channel.subscribe({ next: () => undefined, error: () => undefined });
    await expect(subscription.ready).rejects.toThrow(/UnauthorizedException/);
    await channel.close();
  });

  it('cannot publish with a token, since only IAM publishes to the checks namespace', async () => {
    const channel = await events.connect('/checks/amp/c2', { authMode: 'lambda', authToken: 'token-amp' });
    await expect(channel.publish({ forged: true })).rejects.toThrow('Publish errors: UnauthorizedException');
    await channel.close();
  });

  it('refuses to connect with a bad token, as a connection_error amplify does not retry', async () => {
    await events.closeAll();
    await expect(events.connect('/checks/amp/c3', { authMode: 'lambda', authToken: 'nope' })).rejects.toThrow(
      'UnauthorizedException',
    );
  });
});
