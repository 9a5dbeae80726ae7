import WebSocket from 'ws';

/**
 * How a bench client speaks to its server, in a form that crosses a fleet's IPC channel:
 * API Gateway's plain WebSocket (messages are the payload), or AppSync Events' realtime
 * protocol (subprotocols on the upgrade, `connection_init` answered by `connection_ack`, and
 * each event inside a `data` message).
 */
export type SocketDialect =
  | { readonly kind: 'plain' }
  | {
      readonly kind: 'appsync-events';
      /** `aws-appsync-event-ws` and the `header-<base64url>` authorization. */
      readonly subprotocols: readonly string[];
      /** PEM of the CA the server's certificate chains to (the sandbox's own). */
      readonly ca?: string;
    };

export const PLAIN: SocketDialect = { kind: 'plain' };

interface EventsMessage {
  readonly type?: unknown;
  readonly event?: unknown;
}

export function socketArguments(dialect: SocketDialect): {
  protocols: string[];
  options: WebSocket.ClientOptions;
} {
  if (dialect.kind === 'plain') return { protocols: [], options: {} };
  return {
    protocols: [...dialect.subprotocols],
    options: dialect.ca === undefined ? {} : { ca: dialect.ca },
  };
}

/** Resolves once the socket may subscribe: at once for plain sockets, at `connection_ack` for AppSync. */
export function handshake(socket: WebSocket, dialect: SocketDialect): Promise<void> {
  if (dialect.kind === 'plain') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const closed = (code: number) => reject(new Error(`Closed (${code}) before connection_ack`));
    const answered = (data: WebSocket.RawData) => {
      const type = (JSON.parse(String(data)) as EventsMessage).type;
      if (type !== 'connection_ack' && type !== 'connection_error') return;
      socket.off('message', answered);
      socket.off('close', closed);
      if (type === 'connection_ack') resolve();
      else reject(new Error(`connection_init refused: ${String(data)}`));
    };
    socket.on('message', answered);
    socket.once('close', closed);
    socket.send(JSON.stringify({ type: 'connection_init' }));
  });
}

/**
 * The text the bench keys a message by: an AppSync `data` message's event (the CloudEvent, as
 * API Gateway's clients receive it), any other message as it came.
 */
export function payloadOf(text: string, dialect: SocketDialect): string {
  if (dialect.kind === 'plain') return text;
  const { type, event } = JSON.parse(text) as EventsMessage;
  return type === 'data' && typeof event === 'string' ? event : text;
}
