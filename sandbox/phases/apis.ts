import { randomBytes } from 'node:crypto';
import type { RegisteredApi } from '../apigateway/ids';
import { TokenBucket } from '../apigateway/token-bucket';
import { readRestApis, startRestApi } from '../apigateway/rest';
import { readWebSocketApis, startWebSocketApi } from '../apigateway/websocket';
import { readEventApis, startEventApi, type RegisteredEventApi } from '../appsync';
import type { Invoker } from '../lambda/invoker';
import { SANDBOX_SESSION_TOKEN, type SandboxAws } from '../platform/aws-environment';
import type { StartContext } from './context';
import type { LocalTls } from '../platform/local-tls';
import type { Engines } from './engines';

interface WebSocketEndpoints {
  readonly url: string;
  readonly adminUrl: string;
}

/** What a client of the first AppSync Event API needs. */
export interface AppSyncEventsEndpoints {
  /** `https://{host}:{port}/event`: HTTP publish, and the endpoint AWS's clients are configured with. */
  readonly httpUrl: string;
  /** `wss://{host}:{port}/event/realtime`. */
  readonly realtimeUrl: string;
  /** The CA the endpoint's certificate chains to (PEM), for `NODE_EXTRA_CA_CERTS` or a browser. */
  readonly caCertFile: string;
  /** The server key's SPKI hash, for Chromium's `--ignore-certificate-errors-spki-list`. */
  readonly spkiSha256: string;
  readonly region: string;
  /** The API's first API key, when it has one. */
  readonly apiKey?: string;
}

/** The first API of each kind: the endpoints file names them. */
export interface Apis {
  readonly restUrl: string;
  readonly websocket: WebSocketEndpoints & {
    /** Made afresh on each start: the admin API takes only callers that read the endpoints file. */
    readonly adminSecret: string;
  };
  /** Absent when the template has no AppSync Event API. */
  readonly appSyncEvents?: AppSyncEventsEndpoints;
}

export interface EventApiInputs {
  readonly registered: readonly RegisteredEventApi[];
  readonly tls: LocalTls;
}

/**
 * Starts every REST and WebSocket API of the template, and rewrites its execute-api URL in
 * the resolver to the local server, so the functions' environments, read next, name it.
 * No webhook delivery may reach their ports: a tenant's webhook URL would otherwise act as
 * the sandbox itself (post into another tenant's socket, drop it).
 */
export async function startApis(
  { config, progress, stoppers, logs }: StartContext,
  { stack, resolver, snsSqs }: Engines,
  registered: readonly RegisteredApi[],
  invoker: Invoker,
  aws: SandboxAws,
  eventApis: EventApiInputs,
): Promise<Apis> {
  const { host } = config;
  const adminSecret = randomBytes(32).toString('base64url');
  // One budget for the account, as on AWS: every API and every `@connections` call draws from it.
  const accountThrottle =
    config.accountThrottle === undefined ? undefined : new TokenBucket(config.accountThrottle);
  const throttling = accountThrottle === undefined ? {} : { accountThrottle };
  const pointAtLocal = (logicalId: string, localUrl: string): void => {
    const api = registered.find((candidate) => candidate.logicalId === logicalId);
    if (api !== undefined) resolver.rewritePrefix(api.executeApiUrl, new URL('/', localUrl).href);
  };
  // The first API of each kind gets the configured port; any other, a free one.
  const restServers: string[] = [];
  for (const [index, api] of readRestApis(stack, resolver).entries()) {
    const server = await startRestApi(api, {
      invoker,
      host,
      port: index === 0 ? config.ports.rest : 0,
      maxPayloadBytes: config.restMaxPayloadBytes,
      log: (line) => logs.sink('rest-api', line),
      ...throttling,
    });
    stoppers.add('entrances', `REST API ${api.logicalId}`, () => server.stop());
    pointAtLocal(api.logicalId, server.url);
    snsSqs.refuseDeliveriesTo(server.url, `REST API ${api.logicalId}`);
    restServers.push(server.url);
    progress(`REST API ${api.logicalId} on ${server.url}`);
  }
  const websocketServers: WebSocketEndpoints[] = [];
  for (const [index, api] of readWebSocketApis(stack, resolver).entries()) {
    const server = await startWebSocketApi(api, {
      invoker,
      host,
      port: index === 0 ? config.ports.websocket : 0,
      limits: config.websocket,
      connectionsCaller: { ...aws.credentials, sessionToken: SANDBOX_SESSION_TOKEN },
      adminSecret,
      log: (line) => logs.sink('websocket-api', line),
      ...throttling,
    });
    stoppers.add('entrances', `WebSocket API ${api.logicalId}`, () => server.stop());
    pointAtLocal(api.logicalId, server.callbackUrl);
    snsSqs.refuseDeliveriesTo(
      server.callbackUrl,
      `WebSocket API ${api.logicalId} (its @connections and admin API)`,
    );
    websocketServers.push(server);
    progress(`WebSocket API ${api.logicalId} on ${server.url}`);
  }

  const appSyncServers: AppSyncEventsEndpoints[] = [];
  for (const [index, api] of readEventApis(stack, resolver).entries()) {
    const server = await startEventApi(api, {
      invoker,
      host,
      port: index === 0 ? config.ports.appSync : 0,
      tls: eventApis.tls,
      caller: { ...aws.credentials, sessionToken: SANDBOX_SESSION_TOKEN },
      log: (line) => logs.sink('appsync-events', line),
    });
    stoppers.add('entrances', `AppSync Event API ${api.logicalId}`, () => server.stop());
    const names = eventApis.registered.find((candidate) => candidate.logicalId === api.logicalId);
    // `Dns.Http` and `Dns.Realtime` are host names; both reach the one local port.
    if (names !== undefined) {
      resolver.rewritePrefix(names.httpDomain, server.domain);
      resolver.rewritePrefix(names.realtimeDomain, server.domain);
    }
    snsSqs.refuseDeliveriesTo(server.httpUrl, `AppSync Event API ${api.logicalId}`);
    appSyncServers.push({
      httpUrl: server.httpUrl,
      realtimeUrl: server.realtimeUrl,
      caCertFile: eventApis.tls.caCertFile,
      spkiSha256: eventApis.tls.spkiSha256,
      region: api.region,
      ...(api.apiKeys[0] === undefined ? {} : { apiKey: api.apiKeys[0] }),
    });
    progress(`AppSync Event API ${api.logicalId} on ${server.httpUrl} and ${server.realtimeUrl}`);
  }

  const [restUrl] = restServers;
  const [websocket] = websocketServers;
  if (restUrl === undefined || websocket === undefined) {
    throw new Error('The endpoints file names a REST API and a WebSocket API; the stack lacks one');
  }
  const [appSyncEvents] = appSyncServers;
  return {
    restUrl,
    websocket: { ...websocket, adminSecret },
    ...(appSyncEvents === undefined ? {} : { appSyncEvents }),
  };
}
