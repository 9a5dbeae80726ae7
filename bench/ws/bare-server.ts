import { WebSocketServer } from 'ws';
import type { BareServerReply, BareServerRequest } from './bare-server-protocol';
import { nowMs } from '../process/clock';

/**
 * The floor of any WebSocket design: a bare `ws` server, in a process of its own, that holds
 * connections and broadcasts what the bench tells it to. Run with `node --import tsx`.
 */
function reply(message: BareServerReply): void {
  process.send?.(message);
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('connection', (socket) => socket.on('error', () => undefined));
server.on('listening', () => {
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error(`Unexpected address ${String(address)}`);
  reply({ type: 'listening', port: address.port });
});

process.on('message', (request: BareServerRequest) => {
  if (request.type === 'clients') {
    reply({ type: 'clients', count: server.clients.size });
    return;
  }
  const payload = Buffer.from(request.payload);
  const startedAt = nowMs();
  for (const socket of server.clients) socket.send(payload, { binary: false });
  reply({ type: 'broadcast', startedAt, sentAt: nowMs() });
});
process.on('disconnect', () => process.exit(0));
