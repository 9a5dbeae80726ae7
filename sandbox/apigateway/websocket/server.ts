import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Invoker } from '../../lambda/invoker';
import { ADMIN_PATH, handleAdminRequest } from './admin-api';
import { admitConnection, type Admission } from './admit-connection';
import type { AuthorizerGrant } from './authorize';
import { newAwsId } from './aws-ids';
import { clientCloseCause, SERVER_STOPPING, type CloseCause } from './close-reasons';
import { ConnectionRegistry } from './connection-registry';
import { clientRequestOf, headerValues, type ClientRequest } from './handshake-request';
import { refuseUpgrade, sendAwsError } from './http-responses';
import { handleMessage } from './handle-message';
import { invokeSafely } from './invoke-integration';
import { disconnectEvent, laterAuthorizerContext, type ConnectionFacts } from './lambda-events';
import { LiveConnection } from './live-connection';
import { handleManagementRequest } from './management-api';
import { AWS_WEBSOCKET_LIMITS, type WebSocketApiModel, type WebSocketLimits } from './model';
import { urlHost } from '../../platform/url-host';

export interface WebSocketServerOptions {
  readonly api: WebSocketApiModel;
  readonly invoker: Invoker;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** AWS's quotas unless overridden (tests shorten the timeouts). */
  readonly limits?: Partial<WebSocketLimits>;
  readonly log: (message: string) => void;
}

export interface RunningWebSocketServer {
  /** `ws://{host}:{port}/{stage}`: what clients connect to. */
  readonly url: string;
  /** `http://{host}:{port}/{stage}`: the `@connections` endpoint for `ApiGatewayManagementApiClient`. */
  readonly callbackUrl: string;
  /** `http://{host}:{port}/_sandbox/connections`. */
  readonly adminUrl: string;
  /** Closes every connection (1001, with `$disconnect`), waits for the `$disconnect`s, then the server. */
  stop(): Promise<void>;
}

/** How long a closing client may take to answer the close frame when the sandbox stops. */
const STOP_GRACE_MS = 1_000;
const WEBSOCKET_KEY = /^[+/0-9A-Za-z]{22}==$/;

function safelyDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isWebSocketHandshake(request: IncomingMessage): boolean {
  return (
    request.method === 'GET' &&
    request.headers.upgrade?.toLowerCase() === 'websocket' &&
    WEBSOCKET_KEY.test(request.headers['sec-websocket-key'] ?? '') &&
    ['8', '13'].includes(request.headers['sec-websocket-version'] ?? '')
  );
}

/** The `Host` the client connected with, which `$disconnect` repeats. */
function hostOf(handshake: ClientRequest): string {
  return headerValues(handshake.headers, 'host').at(-1) ?? '';
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
 * Runs one stage of a WebSocket API as API Gateway does: `$connect` (authorizer, then the
 * integration) before the upgrade is answered, messages routed by the route selection
 * expression, `$disconnect` after every close, the idle, lifetime, frame and message limits,
 * and the stage's `@connections` endpoint on the same port.
 */
export async function startWebSocketServer(options: WebSocketServerOptions): Promise<RunningWebSocketServer> {
  const { api, invoker, log } = options;
  const limits: WebSocketLimits = { ...AWS_WEBSOCKET_LIMITS, ...options.limits };
  const routes = new Map(api.routes.map((route) => [route.routeKey, route]));
  for (const route of api.routes.filter(({ authorizationType }) => authorizationType === 'AWS_IAM')) {
    log(
      `warning: route ${route.routeKey} uses AWS_IAM; the sandbox does not check SigV4 and lets every client in`,
    );
  }
  const disconnectRoute = routes.get('$disconnect');
  const messageDeps = { api, routes, invoker, log };
  const registry = new ConnectionRegistry<LiveConnection>();
  const subprotocols = new WeakMap<IncomingMessage, string>();
  const pendingDisconnects = new Set<Promise<void>>();
  let stopping = false;

  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    // A backstop for memory only: the frame reader closes oversized messages with the sandbox's own reason first.
    maxPayload: limits.maxMessageBytes,
    handleProtocols: (offered, request) => {
      const chosen = subprotocols.get(request);
      return chosen !== undefined && offered.has(chosen) ? chosen : false;
    },
  });

  function runDisconnect(
    facts: ConnectionFacts,
    host: string,
    cause: CloseCause,
    grant: AuthorizerGrant | undefined,
  ): void {
    if (disconnectRoute === undefined) return;
    const event = disconnectEvent(
      facts,
      host,
      { requestId: newAwsId(), requestTimeEpoch: Date.now(), ...cause },
      grant === undefined ? undefined : laterAuthorizerContext(grant),
    );
    const run = invokeSafely(invoker, disconnectRoute.functionArn, event).then((outcome) => {
      if (!outcome.ok) log(`$disconnect of ${facts.connectionId} failed: ${outcome.error.errorMessage}`);
    });
    pendingDisconnects.add(run);
    void run.finally(() => pendingDisconnects.delete(run));
  }

  function attach(
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
      },
      admission.grant,
      socket,
      rawSocket,
      limits,
    );
    registry.add(live.record, live);
    socket.on('message', (data, isBinary) => void handleMessage(messageDeps, live, data, isBinary));
    socket.on('error', (error) => log(`Connection ${facts.connectionId}: ${error.message}`));
    socket.on('close', (code, reason) => {
      live.ended();
      registry.markClosed(facts.connectionId);
      if (live.wasDropped) {
        log(`Connection ${facts.connectionId} dropped without $disconnect`);
        return;
      }
      runDisconnect(
        facts,
        host,
        live.serverCloseCause ?? clientCloseCause(code, reason.toString()),
        live.grant,
      );
    });
  }

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', destroySocket);
    const handshake = clientRequestOf({
      url: request.url ?? '/',
      rawHeaders: request.rawHeaders,
      remoteAddress: request.socket.remoteAddress,
      localPort: request.socket.localPort ?? 0,
    });
    if (stopping || !isStagePath(handshake.path)) return refuseUpgrade(socket, 403, 'Forbidden');
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
      runDisconnect(facts, hostOf(handshake), clientCloseCause(1006, ''), admission.grant);
      return;
    }
    if (admission.subprotocol !== undefined) subprotocols.set(request, admission.subprotocol);
    wss.handleUpgrade(request, socket, head, (webSocket) =>
      attach(webSocket, socket, facts, handshake, admission),
    );
  }

  function isStagePath(path: string): boolean {
    return path === `/${api.stageName}` || path === `/${api.stageName}/`;
  }

  function onRequest(request: IncomingMessage, response: ServerResponse): void {
    const { pathname } = new URL(request.url ?? '/', 'http://sandbox.invalid');
    const segments = pathname.split('/').slice(1).map(safelyDecoded);
    if (pathname === ADMIN_PATH || pathname.startsWith(`${ADMIN_PATH}/`)) {
      handleAdminRequest(registry, request, response, segments.slice(2));
      return;
    }
    if (segments.length === 3 && segments[0] === api.stageName && segments[1] === '@connections') {
      handleManagementRequest(
        { registry, maxMessageBytes: limits.maxMessageBytes },
        request,
        response,
        segments[2],
      ).catch((error: unknown) => {
        log(`@connections ${request.method ?? ''} failed: ${String(error)}`);
        if (!response.headersSent) sendAwsError(response, 500, 'InternalServerErrorException', {});
        response.end();
      });
      return;
    }
    sendAwsError(response, 403, 'ForbiddenException', { message: 'Forbidden' });
  }

  const server = createServer(onRequest);
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(request, socket, head).catch((error: unknown) => {
      log(`Upgrade failed: ${String(error)}`);
      refuseUpgrade(socket, 500, 'Internal server error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const origin = `${urlHost(options.host)}:${(server.address() as AddressInfo).port}`;

  return {
    url: `ws://${origin}/${api.stageName}`,
    callbackUrl: `http://${origin}/${api.stageName}`,
    adminUrl: `http://${origin}${ADMIN_PATH}`,
    async stop() {
      stopping = true;
      await Promise.all(
        registry.openHandles().map((live) => live.closeWithin(SERVER_STOPPING, STOP_GRACE_MS)),
      );
      await Promise.allSettled([...pendingDisconnects]);
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
