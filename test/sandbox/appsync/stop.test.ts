import { RealtimeClient } from './support/clients';
import { startHarness } from './support/harness';

describe('stopping the Event API', () => {
  // Synthesizing the fixture and making its keys take a few seconds on a busy machine.
  it('closes every realtime connection with 1001, then stops listening', async () => {
    const harness = await startHarness();
    const { host } = new URL(harness.server.httpUrl);
    const client = new RealtimeClient(harness.server.realtimeUrl, harness.tls.caCertPem, {
      authorization: 'token-a',
      host,
    });
    await client.opened();
    client.send({ type: 'connection_init' });
    await client.next((message) => message.type === 'connection_ack');
    const closed = client.closed();

    await harness.server.stop();

    expect(await closed).toBe(1001);
    const again = new RealtimeClient(harness.server.realtimeUrl, harness.tls.caCertPem, {});
    await expect(again.opened()).rejects.toThrow(/ECONNREFUSED/);
  }, 30_000);
});
