import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Apis, AppSyncEventsEndpoints } from './apis';
import type { DemoPage } from './demo-page';

/** What `.sandbox/endpoints.json` holds: the demo page and the end-to-end suite read it. */
export interface SandboxEndpoints {
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly demoUrl: string;
  /** A bearer token for tenant `demo`, valid 24 hours or the authorizer's maximum if shorter. */
  readonly token: string;
  /** The first AppSync Event API, when the template has one. */
  readonly appSyncEvents?: AppSyncEventsEndpoints;
  readonly sandbox: {
    readonly connectionsAdminUrl: string;
    /** Sent as `Authorization: Bearer <it>` to the admin API; new on every start. */
    readonly adminSecret: string;
  };
}

/** Written last: a reader that finds the file may use every endpoint in it. */
export function writeEndpointsFile(file: string, apis: Apis, demo: DemoPage): SandboxEndpoints {
  const endpoints: SandboxEndpoints = {
    restUrl: apis.restUrl,
    wsUrl: apis.websocket.url,
    demoUrl: demo.server.url,
    token: demo.token,
    ...(apis.appSyncEvents === undefined ? {} : { appSyncEvents: apis.appSyncEvents }),
    sandbox: { connectionsAdminUrl: apis.websocket.adminUrl, adminSecret: apis.websocket.adminSecret },
  };
  mkdirSync(dirname(file), { recursive: true });
  // It holds a token and the admin secret: readable by its owner only.
  writeFileSync(file, `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });
  return endpoints;
}
