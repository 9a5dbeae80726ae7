import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Admission } from './admit-connection';
import { clientCloseCause } from './close-reasons';
import { headerValues, type ClientRequest } from './handshake-request';
import { handleMessage } from './handle-message';
import type { ConnectionFacts } from './lambda-events';
import { LiveConnection } from './live-connection';
import type { Stage } from './stage';

/** The `Host` the client connected with, which `$disconnect` repeats. */
export function hostOf(handshake: ClientRequest): string {
  return headerValues(handshake.headers, 'host').at(-1) ?? '';
}

/**
 * An admitted connection from its upgrade to its end: listed in the registry, each message
 * routed, and `$disconnect` once it closes, unless the admin API dropped it.
 */
export function attachConnection(
  stage: Stage,
  socket: WebSocket,
  rawSocket: Duplex,
  facts: ConnectionFacts,
  handshake: ClientRequest,
  admission: Admission & { kind: 'accept' },
): void {
  const host = hostOf(handshake);
  const live = new LiveConnection(
    facts,
    {
      connectionId: facts.connectionId,
      connectedAt: new Date(facts.connectedAt),
      sourceIp: facts.sourceIp,
      userAgent: facts.userAgent,
      lastActiveAt: new Date(facts.connectedAt),
      open: true,
      postsDelivered: 0,
      postsGone: 0,
      postsThrottled: 0,
    },
    admission.grant,
    socket,
    rawSocket,
    stage.limits,
  );
  stage.registry.add(live.record, live);
  socket.on('message', (data, isBinary) => void handleMessage(stage, live, data, isBinary));
  socket.on('error', (error) => stage.log(`Connection ${facts.connectionId}: ${error.message}`));
  socket.on('close', (code, reason) => {
    live.ended();
    stage.registry.markClosed(facts.connectionId);
    if (live.wasDropped) {
      stage.log(`Connection ${facts.connectionId} dropped without $disconnect`);
      return;
    }
    stage.disconnects.run(
      facts,
      host,
      live.serverCloseCause ?? clientCloseCause(code, reason.toString()),
      live.grant,
    );
  });
}
