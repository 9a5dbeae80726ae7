import { startDemoServer, type RunningDemoServer } from '../../demo/server/demo-server';
import { DEV_TOKEN_SECRET } from '../../lambda/auth/dev-secret';
import { issueToken } from '../../lambda/auth/tokens';
import type { SandboxAws } from '../platform/aws-environment';
import type { StartContext } from './context';
import type { Apis } from './apis';

export interface DemoPage {
  readonly server: RunningDemoServer;
  /** A bearer token for tenant `demo`, valid 24 hours: the page's, and the endpoints file's. */
  readonly token: string;
}

/** Serves the demo page, wired to the first REST and WebSocket APIs as tenant `demo`. */
export async function startDemoPage(
  { config, stoppers, logs }: StartContext,
  apis: Apis,
  aws: SandboxAws,
): Promise<DemoPage> {
  const token = await issueToken(DEV_TOKEN_SECRET, 'demo', '24h');
  const server = await startDemoServer({
    restUrl: apis.restUrl,
    wsUrl: apis.websocket.url,
    token,
    snsEndpoint: aws.endpoints.sns,
    host: config.host,
    port: config.ports.demo,
    log: (line) => logs.sink('demo', line),
  });
  stoppers.add('entrances', 'demo page', () => server.stop());
  return { server, token };
}
