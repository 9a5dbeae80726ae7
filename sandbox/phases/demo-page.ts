import { startDemoServer, type RunningDemoServer } from '../../demo/server/demo-server';
import { DEV_TOKEN_SECRET } from '../../lambda/auth/dev-secret';
import { issueToken } from '../../lambda/auth/tokens';
import type { FunctionDefinition } from '../lambda';
import type { SandboxAws } from '../platform/aws-environment';
import type { StartContext } from './context';
import type { Apis } from './apis';

export interface DemoPage {
  readonly server: RunningDemoServer;
  /** A bearer token for tenant `demo`, valid 24 hours or the authorizer's maximum if shorter. */
  readonly token: string;
}

const DEMO_TOKEN_SECONDS = 24 * 60 * 60;

/**
 * The demo token's lifetime: a day, or less when an authorizer of the template allows less
 * (its `TOKEN_MAX_LIFETIME_SECONDS`), since it would refuse a longer-lived token.
 */
export function demoTokenLifetimeSeconds(
  functions: readonly Pick<FunctionDefinition, 'environment'>[],
): number {
  const limits = functions
    .map((fn) => Number(fn.environment.TOKEN_MAX_LIFETIME_SECONDS))
    .filter((seconds) => Number.isInteger(seconds) && seconds > 0);
  return Math.min(DEMO_TOKEN_SECONDS, ...limits);
}

/** Serves the demo page, wired to the first REST, WebSocket and AppSync Event APIs as tenant `demo`. */
export async function startDemoPage(
  { config, stoppers, logs }: StartContext,
  apis: Apis,
  aws: SandboxAws,
  functions: readonly FunctionDefinition[],
): Promise<DemoPage> {
  const lifetime = demoTokenLifetimeSeconds(functions);
  const token = await issueToken(DEV_TOKEN_SECRET, 'demo', `${lifetime}s`, lifetime);
  const server = await startDemoServer({
    restUrl: apis.restUrl,
    wsUrl: apis.websocket.url,
    ...(apis.appSyncEvents === undefined
      ? {}
      : {
          appSyncEvents: {
            httpUrl: apis.appSyncEvents.httpUrl,
            realtimeUrl: apis.appSyncEvents.realtimeUrl,
          },
        }),
    token,
    snsEndpoint: aws.endpoints.sns,
    host: config.host,
    port: config.ports.demo,
    log: (line) => logs.sink('demo', line),
  });
  stoppers.add('entrances', 'demo page', () => server.stop());
  return { server, token };
}
