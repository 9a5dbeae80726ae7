import { createServer, type Server } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Invoker } from '../lambda/invoker';
import { closeServer, listen } from '../apigateway/listen';
import type { SigningIdentity } from '../platform/sigv4-check';
import { urlHost } from '../platform/url-host';
import { decodeAuthSubprotocol, EVENT_WS_PROTOCOL } from './auth-headers';
import { authorize, type AuthDecision } from './authorize';
import { ChannelHub } from './channel-hub';
import { unauthorized } from './errors';
import { handlePublishRequest } from './http-publish';
import { LambdaAuthorizer } from './lambda-authorizer';
import { EVENT_API_LIMITS, type EventApiLimits, type EventApiModel } from './model';
import { RealtimeConnection } from './realtime-connection';
import type { EventApiService } from './service';

export interface EventApiOptions {
  readonly invoker: Invoker;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly tls: { readonly certPem: string; readonly keyPem: string };
  /** The identity the functions sign with: the only one IAM publishes are accepted from. */
  readonly caller: SigningIdentity;
  /** AWS's quotas unless overridden (tests shorten the keep-alive interval). */
  readonly limits?: Partial<EventApiLimits>;
  readonly log: (line: string) => void;
}

export interface RunningEventApi {
  /** `https://{host}:{port}/event`: the HTTP publish endpoint, and what AWS's clients are configured with. */
  readonly httpUrl: string;
  /** `wss://{host}:{port}/event/realtime`. */
  readonly realtimeUrl: string;
  /** `{host}:{port}`: what `Dns.Http` and `Dns.Realtime` resolve to. */
  readonly domain: string;
  /** Closes every realtime connection (1001, ended after a second without an answer), then the server. */
  stop(): Promise<void>;
}

const PUBLISH_PATH = '/event';
const REALTIME_PATH = '/event/realtime';
const GOING_AWAY = 1001;
/** How long a client may take to answer the close frame when the sandbox stops. */
const STOP_GRACE_MS = 1_000;

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({
    errors: [{ errorType: status === 404 ? 'NotFound' : 'BadRequestException', message }],
  });
  socket.end(
    `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'https://localhost').pathname;
}

function serviceOf(api: EventApiModel, options: EventApiOptions): EventApiService {
  const { log } = options;
  return {
    api,
    limits: { ...EVENT_API_LIMITS, ...options.limits },
    hub: new ChannelHub(),
    authorities: {
      api,
      ...(api.lambdaAuthorizer === undefined
        ? {}
        : { lambda: new LambdaAuthorizer(api, api.lambdaAuthorizer, options.invoker, log) }),
      iam: { identity: options.caller, region: api.region, service: 'appsync' },
    },
    log,
  };
}

/** Authorizes a realtime connection from the headers of its `header-` subprotocol. */
async function authorizeConnect(service: EventApiService, request: IncomingMessage): Promise<AuthDecision> {
  const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((item) => item.trim());
  const decoded = decodeAuthSubprotocol(protocols);
  if (!decoded.ok) return { ok: false, error: unauthorized(), why: decoded.reason };
  return authorize(service.authorities, {
    operation: 'EVENT_CONNECT',
    modes: service.api.connectionAuthModes,
    headers: decoded.headers,
    signedBody: '{}',
  });
}

/**
 * Serves one AppSync Event API over TLS, HTTP publish and realtime on one port: `POST /event`
 * and the WebSocket `/event/realtime` with the `aws-appsync-event-ws` subprotocol. A client
 * configured with `httpUrl` (as AWS's Amplify client is) finds the realtime path itself.
 */
export async function startEventApi(api: EventApiModel, options: EventApiOptions): Promise<RunningEventApi> {
  const service = serviceOf(api, options);
  const connections = new Set<RealtimeConnection>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: service.limits.publishPayloadBytes,
    handleProtocols: (offered) => (offered.has(EVENT_WS_PROTOCOL) ? EVENT_WS_PROTOCOL : false),
  });
  const server: Server = createServer(
    { cert: options.tls.certPem, key: options.tls.keyPem },
    (request, response) => {
      if (pathOf(request) !== PUBLISH_PATH) {
        response
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ errorType: 'NotFound', message: 'Not found' }] }));
        return;
      }
      if (request.method !== 'POST') {
        response.writeHead(405, { 'content-type': 'application/json', allow: 'POST' });
        response.end(
          JSON.stringify({
            errors: [
              {
                errorType: 'BadRequestException',
                message: 'Publishing (POST) is the only action of this endpoint',
              },
            ],
          }),
        );
        return;
      }
      handlePublishRequest(service, request, response).catch((error: unknown) => {
        service.log(`POST /event failed: ${String(error)}`);
        if (!response.headersSent) response.writeHead(500).end();
      });
    },
  );
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (pathOf(request) !== REALTIME_PATH)
      return refuseUpgrade(socket, 404, `The realtime endpoint is ${REALTIME_PATH}`);
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((item) => item.trim());
    if (!offered.includes(EVENT_WS_PROTOCOL)) {
      return refuseUpgrade(socket, 400, `The ${EVENT_WS_PROTOCOL} subprotocol is required`);
    }
    authorizeConnect(service, request)
      .then((decision) => {
        if (!decision.ok) service.log(`Connection refused: ${decision.why}`);
        if (socket.destroyed) return;
        wss.handleUpgrade(request, socket, head, (webSocket) => {
          const connection = new RealtimeConnection(service, webSocket, decision);
          connections.add(connection);
          webSocket.on('close', () => connections.delete(connection));
        });
      })
      .catch((error: unknown) => {
        service.log(`Upgrade failed: ${String(error)}`);
        socket.destroy();
      });
  });
  const port = await listen(server, options.port, options.host);
  const domain = `${urlHost(options.host)}:${port}`;
  return {
    httpUrl: `https://${domain}${PUBLISH_PATH}`,
    realtimeUrl: `wss://${domain}${REALTIME_PATH}`,
    domain,
    async stop() {
      await Promise.all(
        [...connections].map((connection) =>
          connection.closeWithin(GOING_AWAY, 'Server stopping', STOP_GRACE_MS),
        ),
      );
      wss.close();
      await closeServer(server);
    },
  };
}
