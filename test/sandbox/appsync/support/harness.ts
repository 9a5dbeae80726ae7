import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  readEventApis,
  registerEventApis,
  startEventApi,
  type EventApiModel,
  type RunningEventApi,
} from '../../../../sandbox/appsync';
import type { EventApiLimits } from '../../../../sandbox/appsync/model';
import { ensureLocalTls, type LocalTls } from '../../../../sandbox/platform/local-tls';
import { FakeInvoker, ok } from '../../apigateway/websocket/support/fake-invoker';
import { eventApiTemplate, fixtureResolver } from './event-api-stack';

/**
 * The fixture's authorizer, in memory: `token-<tenant>` may connect, and subscribe to its own
 * tenant's channels (`/checks/<tenant>/…`, its own wildcard included); nobody publishes.
 */
export function tenantAuthorizer(event: Record<string, unknown>) {
  const token = String(event.authorizationToken);
  const context = event.requestContext as { operation: string; channel?: string };
  const tenant = /^token-([a-z0-9-]+)$/.exec(token)?.[1];
  if (tenant === undefined || context.operation === 'EVENT_PUBLISH') return ok({ isAuthorized: false });
  const channel = context.channel;
  const own = channel === undefined || (channel.split('/')[2] === tenant && channel.split('/').length === 4);
  return ok(own ? { isAuthorized: true, handlerContext: { tenant } } : { isAuthorized: false });
}

export interface Harness {
  readonly api: EventApiModel;
  readonly server: RunningEventApi;
  readonly invoker: FakeInvoker;
  readonly tls: LocalTls;
  readonly log: string[];
}

export const SANDBOX_CALLER = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox', sessionToken: 'sandbox' };

export async function startHarness(
  limits: Partial<EventApiLimits> = {},
  change: (api: EventApiModel) => EventApiModel = (api) => api,
): Promise<Harness> {
  const template = eventApiTemplate();
  const resolver = fixtureResolver(template);
  registerEventApis({ template }, resolver);
  const [read] = readEventApis({ template }, resolver);
  if (read === undefined) throw new Error('The fixture has no Event API');
  const api = change(read);
  const tls = ensureLocalTls(join(mkdtempSync(join(tmpdir(), 'appsync-tls-')), 'tls'), [
    '127.0.0.1',
    'localhost',
  ]);
  const invoker = new FakeInvoker().on('Authorizer', tenantAuthorizer);
  const log: string[] = [];
  const server = await startEventApi(api, {
    invoker,
    host: '127.0.0.1',
    port: 0,
    tls,
    caller: SANDBOX_CALLER,
    limits,
    log: (line) => log.push(line),
  });
  return { api, server, invoker, tls, log };
}
