import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import type { Admission } from './admit-connection';
import { clientCloseCause } from './close-reasons';
import { headerValues, type ClientRequest } from './handshake-request';
import { handleMessage } from './handle-message';
import { laterAuthorizerContext, type ConnectionFacts } from './lambda-events';
import { LiveConnection } from './live-connection';
import type { Stage } from './stage';

/** The `Host` the client connected with, which `$disconnect` repeats. */
export function hostOf(handshake: ClientRequest): string {
  return headerValues(handshake.headers, 'host').at(-1) ?? '';
}

/** Attaches each admitted connection of the stage. */
export type AttachConnection = (
  socket: WebSocket,
  rawSocket: Duplex,
  facts: ConnectionFacts,
  handshake: ClientRequest,
  admission: Admission & { kind: 'accept' },
) => void;

/**
 * Admitted connections from their upgrade to their end: listed in the registry and timed by
 * the stage's deadlines, each message routed, and `$disconnect` once one closes, unless the
 * admin API dropped it. The listeners are made once per stage and find their connection from
 * the socket they are called on (`this`): closures made per connection, one per listener,
 * cost each idle connection ~400 bytes.
 */
export function connectionLifecycle(stage: Stage): AttachConnection {
  // Keyed by both the `ws` socket and the TCP socket under it.
  const connections = new WeakMap<object, LiveConnection>();

  function onData(this: Duplex, chunk: Buffer): void {
    connections.get(this)?.received(chunk);
  }

  function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const live = connections.get(this);
    if (live !== undefined) void handleMessage(stage, live, data, isBinary);
  }

  function onError(this: WebSocket, error: Error): void {
    stage.log(`Connection ${connections.get(this)?.connectionId ?? '?'}: ${error.message}`);
  }

  function onClose(this: WebSocket, code: number, reason: Buffer): void {
    const live = connections.get(this);
    if (live === undefined) return;
    stage.deadlines.remove(live);
    stage.registry.markClosed(live.connectionId);
    if (live.wasDropped) {
      stage.log(`Connection ${live.connectionId} dropped without $disconnect`);
      return;
    }
    stage.disconnects.run(
      live,
      live.host,
      live.serverCloseCause ?? clientCloseCause(code, reason.toString()),
      live.authorizer,
    );
  }

  return (socket, rawSocket, facts, handshake, admission) => {
    const live = new LiveConnection(
      facts,
      hostOf(handshake),
      admission.grant === undefined ? undefined : laterAuthorizerContext(admission.grant),
      socket,
      stage.limits,
      stage.deadlines,
    );
    connections.set(socket, live);
    connections.set(rawSocket, live);
    stage.registry.add(live);
    stage.deadlines.add(live);
    // Ahead of `ws`'s own listener, so an oversized frame closes the socket before it is routed.
    rawSocket.prependListener('data', onData);
    socket.on('message', onMessage);
    socket.on('error', onError);
    socket.on('close', onClose);
  };
}
