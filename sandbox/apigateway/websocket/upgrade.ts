import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { newAwsId } from '../ids';
import { admitConnection } from './admit-connection';
import { clientCloseCause } from './close-reasons';
import { connectionLifecycle, hostOf } from './connection-lifecycle';
import { clientRequestOf } from './handshake-request';
import { refuseUpgrade } from './http-responses';
import { laterAuthorizerContext, type ConnectionFacts } from './lambda-events';
import type { Stage } from './stage';

const WEBSOCKET_KEY = /^[+/0-9A-Za-z]{22}==$/;

export interface Upgrades {
  /** The HTTP server's `upgrade` listener. */
  readonly onUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  close(): void;
}

function isWebSocketHandshake(request: IncomingMessage): boolean {
  return (
    request.method === 'GET' &&
    request.headers.upgrade?.toLowerCase() === 'websocket' &&
    WEBSOCKET_KEY.test(request.headers['sec-websocket-key'] ?? '') &&
    ['8', '13'].includes(request.headers['sec-websocket-version'] ?? '')
  );
}

/**
 * A socket's error listener for the whole connection. Not a closure: one made in `upgrade`
 * would hold that call's scope (the handshake with its token, the admission) for as long as
 * the socket lives, about 1 KB per connection.
 */
function destroySocket(this: Duplex): void {
  this.destroy();
}

/**
 * Upgrade requests as API Gateway answers them: only to the stage's path, only a valid
 * handshake, and only once `$connect` has admitted the client; the upgrade then confirms the
 * subprotocol the `$connect` integration chose.
 */
export function webSocketUpgrades(stage: Stage): Upgrades {
  const { api, invoker, log } = stage;
  const subprotocols = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    // A backstop for memory only: the frame reader closes oversized messages with the sandbox's own reason first.
    maxPayload: stage.limits.maxMessageBytes,
    handleProtocols: (offered, request) => {
      const chosen = subprotocols.get(request);
      return chosen !== undefined && offered.has(chosen) ? chosen : false;
    },
  });
  const attachConnection = connectionLifecycle(stage);
  const isStagePath = (path: string): boolean =>
    path === `/${api.stageName}` || path === `/${api.stageName}/`;

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', destroySocket);
    const handshake = clientRequestOf({
      url: request.url ?? '/',
      rawHeaders: request.rawHeaders,
      remoteAddress: request.socket.remoteAddress,
      // The stage's own port, not the socket's: asking the socket caches its address on it for good.
      localPort: stage.port,
    });
    if (stage.stopping || !isStagePath(handshake.path)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!isWebSocketHandshake(request)) return refuseUpgrade(socket, 400, 'Bad Request');
    const facts: ConnectionFacts = {
      api,
      connectionId: newAwsId(),
      connectedAt: Date.now(),
      sourceIp: handshake.sourceIp,
      userAgent: handshake.userAgent,
    };
    const admission = await admitConnection({ api, invoker }, facts, handshake, newAwsId());
    if (admission.kind === 'refuse') {
      log(`Connection refused with ${admission.status}: ${admission.why}`);
      return refuseUpgrade(socket, admission.status, admission.message);
    }
    if (socket.destroyed) {
      // `$connect` recorded a client that left before its upgrade was answered.
      stage.disconnects.run(
        facts,
        hostOf(handshake),
        clientCloseCause(1006, ''),
        admission.grant === undefined ? undefined : laterAuthorizerContext(admission.grant),
      );
      return;
    }
    if (admission.subprotocol !== undefined) subprotocols.set(request, admission.subprotocol);
    wss.handleUpgrade(request, socket, head, (webSocket) =>
      attachConnection(webSocket, socket, facts, handshake, admission),
    );
  }

  return {
    onUpgrade: (request, socket, head) => {
      upgrade(request, socket, head).catch((error: unknown) => {
        log(`Upgrade failed: ${String(error)}`);
        refuseUpgrade(socket, 500, 'Internal server error');
      });
    },
    close: () => wss.close(),
  };
}
