import { getEventListeners, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AWS_DEFAULT_RETRY_POLICY } from '../../../sandbox/sns/delivery-policy';
import { DeliveryRunner, type DeliveryJob } from '../../../sandbox/sns/delivery-runner';

const IN_FLIGHT = 25;

describe('the delivery runner, with many deliveries in flight', () => {
  it('gives each its own signal, so no signal has more than a couple of listeners, and stop() ends them all', async () => {
    const held: ServerResponse[] = [];
    const server = createServer((_request: IncomingMessage, response: ServerResponse) => held.push(response));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    // Node warns past 10 listeners on one signal; every signal a wait listens on is recorded.
    const signals = new Set<AbortSignal>();
    const add = jest.spyOn(AbortSignal.prototype, 'addEventListener');
    add.mockImplementation(function (
      this: AbortSignal,
      ...args: Parameters<AbortSignal['addEventListener']>
    ) {
      signals.add(this);
      return EventTarget.prototype.addEventListener.apply(this, args);
    });
    const lines: string[] = [];
    const runner = new DeliveryRunner({
      delayScale: 0.01,
      requestTimeoutMs: 60_000,
      targets: { policy: 'allow-loopback-http', ownPorts: new Map() },
      log: (line) => lines.push(line),
      sendToDeadLetterQueue: () => Promise.resolve(),
    });
    try {
      for (let index = 0; index < IN_FLIGHT; index += 1) {
        const job: DeliveryJob = {
          subscriptionArn: `arn:aws:sns:us-east-1:000000000000:topic:sub-${index}`,
          endpoint: `http://127.0.0.1:${port}/hook-${index}`,
          topicArn: 'arn:aws:sns:us-east-1:000000000000:topic',
          type: 'Notification',
          messageId: `message-${index}`,
          body: '{}',
          headers: {},
          policy: { healthyRetryPolicy: AWS_DEFAULT_RETRY_POLICY },
          stillWanted: () => true,
        };
        runner.deliver(job);
      }
      const deadline = Date.now() + 10_000;
      while (held.length < IN_FLIGHT && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(held).toHaveLength(IN_FLIGHT);
      const most = Math.max(...[...signals].map((signal) => getEventListeners(signal, 'abort').length));
      expect(most).toBeLessThanOrEqual(2);
      await runner.stop();
      expect(lines.filter((line) => line.includes('failed unexpectedly'))).toEqual([]);
    } finally {
      add.mockRestore();
      for (const response of held) response.destroy();
      server.close();
    }
  });
});
