import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CountingAgent } from '../../../../bench/wire/counting-agent';
import { countedRequest } from '../../../../bench/wire/http-request';
import { SocketMeter, wireBytes } from '../../../../bench/wire/socket-meter';

describe('counting at the socket', () => {
  let server: Server;
  const serverSockets: Socket[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.end('x'.repeat(1000)));
    });
    server.on('connection', (socket: Socket) => serverSockets.push(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('counts every byte both ways, headers included, as the other end saw them', async () => {
    const meter = new SocketMeter();
    const agent = new CountingAgent(meter);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const first = await countedRequest(agent, meter, { method: 'GET', url });
    await countedRequest(agent, meter, { method: 'POST', url, body: 'hello' });
    agent.destroy();
    const count = meter.read();
    expect(first.body).toHaveLength(1000);
    expect(count.requests).toBe(2);
    expect(meter.socketCount).toBe(1);
    expect(count.bytesIn).toBe(serverSockets.reduce((sum, socket) => sum + socket.bytesWritten, 0));
    expect(count.bytesOut).toBe(serverSockets.reduce((sum, socket) => sum + socket.bytesRead, 0));
    expect(wireBytes(count)).toBeGreaterThan(2000);
  });
});
