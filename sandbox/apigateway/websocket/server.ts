import { createServer } from 'node:http';
import type { Invoker } from '../../lambda/invoker';
import { urlHost } from '../../platform/url-host';
import { closeServer, listen } from '../listen';
import { answerParseFailures } from '../parse-failures';
import { ADMIN_PATH } from './admin-api';
import { SERVER_STOPPING } from './close-reasons';
import { ConnectionDeadlines } from './connection-deadlines';
import { ConnectionRegistry } from './connection-registry';
import { Disconnects } from './disconnects';
import { handleHttpRequest } from './http-endpoints';
import type { LiveConnection } from './live-connection';
import { answerParseFailure } from './parse-failure-answer';
import { AWS_WEBSOCKET_LIMITS, type WebSocketApiModel, type WebSocketLimits } from './model';
import type { SigningIdentity } from '../../platform/sigv4-check';
import type { Stage } from './stage';
import type { TokenBucket } from '../token-bucket';
import { webSocketUpgrades } from './upgrade';

export interface WebSocketApiOptions {
  readonly invoker: Invoker;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** AWS's quotas unless overridden (tests shorten the timeouts). */
  readonly limits?: Partial<WebSocketLimits>;
  /** The identity the functions sign with: `@connections` serves only requests it signed. */
  readonly connectionsCaller: SigningIdentity;
  /** The bearer token the admin API (`/_sandbox/connections`) requires. */
  readonly adminSecret: string;
  readonly log: (message: string) => void;
  /** The account's request budget, which `@connections` draws from; none: never throttled. */
  readonly accountThrottle?: TokenBucket;
}

export interface RunningWebSocketApi {
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

function stageOf(api: WebSocketApiModel, options: WebSocketApiOptions): Stage {
  const { invoker, log } = options;
  const routes = new Map(api.routes.map((route) => [route.routeKey, route]));
  const limits = { ...AWS_WEBSOCKET_LIMITS, ...options.limits };
  return {
    api,
    invoker,
    log,
    limits,
    routes,
    registry: new ConnectionRegistry<LiveConnection>(),
    deadlines: new ConnectionDeadlines<LiveConnection>(limits),
    disconnects: new Disconnects(routes.get('$disconnect'), invoker, log),
    connectionsSignature: { identity: options.connectionsCaller, region: api.region, service: 'execute-api' },
    adminSecret: options.adminSecret,
    accountThrottle: options.accountThrottle,
    port: 0,
    stopping: false,
  };
}

/**
 * Runs one stage of a WebSocket API as API Gateway does: `$connect` (authorizer, then the
 * integration) before the upgrade is answered, messages routed by the route selection
 * expression, `$disconnect` after every close, the idle, lifetime, frame and message limits,
 * and the stage's `@connections` endpoint on the same port.
 */
export async function startWebSocketApi(
  api: WebSocketApiModel,
  options: WebSocketApiOptions,
): Promise<RunningWebSocketApi> {
  const stage = stageOf(api, options);
  for (const route of api.routes.filter(({ authorizationType }) => authorizationType === 'AWS_IAM')) {
    stage.log(
      `warning: route ${route.routeKey} uses AWS_IAM; the sandbox does not check SigV4 and lets every client in`,
    );
  }
  const upgrades = webSocketUpgrades(stage);
  const server = createServer((request, response) => handleHttpRequest(stage, request, response));
  server.on('upgrade', upgrades.onUpgrade);
  answerParseFailures(server, answerParseFailure, stage.log);
  stage.port = await listen(server, options.port, options.host);
  const origin = `${urlHost(options.host)}:${stage.port}`;
  return {
    url: `ws://${origin}/${api.stageName}`,
    callbackUrl: `http://${origin}/${api.stageName}`,
    adminUrl: `http://${origin}${ADMIN_PATH}`,
    async stop() {
      stage.stopping = true;
      await Promise.all(
        stage.registry.openHandles().map((live) => live.closeWithin(SERVER_STOPPING, STOP_GRACE_MS)),
      );
      await stage.disconnects.settled();
      stage.deadlines.stop();
      upgrades.close();
      await closeServer(server);
    },
  };
}
