import type { Check } from '../../../lambda/checks/check';
import type { SandboxEndpoints } from '../../../sandbox';

async function call<T>(url: string, init: RequestInit, what: string): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export function createCheck(endpoints: SandboxEndpoints, steps: number, stepMs: number): Promise<Check> {
  return call<Check>(
    `${endpoints.restUrl}checks`,
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${endpoints.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: 'bench-fanout', steps, stepMs }),
    },
    'POST /checks',
  );
}

export function getCheck(endpoints: SandboxEndpoints, checkId: string): Promise<Check> {
  return call<Check>(
    `${endpoints.restUrl}checks/${encodeURIComponent(checkId)}`,
    { headers: { Authorization: `Bearer ${endpoints.token}` } },
    'GET /checks/{id}',
  );
}

interface ListedConnection {
  readonly connectionId: string;
  readonly open: boolean;
  /** Posts answered 429, where the sandbox emulates the account's throttle. */
  readonly postsThrottled?: number;
}

function listConnections(endpoints: SandboxEndpoints): Promise<ListedConnection[]> {
  return call<ListedConnection[]>(
    endpoints.sandbox.connectionsAdminUrl,
    { headers: { Authorization: `Bearer ${endpoints.sandbox.adminSecret}` } },
    'GET /_sandbox/connections',
  );
}

/** The ids of the sandbox's open connections, from its admin API. */
export async function openConnectionIds(endpoints: SandboxEndpoints): Promise<string[]> {
  const all = await listConnections(endpoints);
  return all.filter((connection) => connection.open).map((connection) => connection.connectionId);
}

/** `@connections` posts the sandbox answered 429, over the connections it lists; undefined if it counts none. */
export async function throttledPosts(endpoints: SandboxEndpoints): Promise<number | undefined> {
  const all = await listConnections(endpoints);
  if (!all.some((connection) => connection.postsThrottled !== undefined)) return undefined;
  return all.reduce((sum, connection) => sum + (connection.postsThrottled ?? 0), 0);
}

/** The stage's `@connections` endpoint: the WebSocket URL over HTTP, as the notifier is given it. */
export function callbackUrlOf(endpoints: SandboxEndpoints): string {
  return endpoints.wsUrl.replace(/^ws(s?):/, 'http$1:').replace(/\/$/, '');
}

export function authorizedWsUrl(endpoints: SandboxEndpoints): string {
  const url = new URL(endpoints.wsUrl);
  url.searchParams.set('token', endpoints.token);
  return url.toString();
}
