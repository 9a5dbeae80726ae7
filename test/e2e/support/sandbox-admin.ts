import * as z from 'zod/mini';
import type { SandboxAdmin } from './endpoints';

/** A WebSocket connection as `GET /_sandbox/connections` lists it (open or recently closed). */
const connectionSchema = z.object({
  connectionId: z.string(),
  userAgent: z.nullable(z.string()),
  open: z.boolean(),
  postsDelivered: z.number(),
  /** `@connections` posts answered 410 Gone because the connection had closed. */
  postsGone: z.number(),
});

export type AdminConnection = z.output<typeof connectionSchema>;

/** The admin API, and its per-run secret when the sandbox has one. */
export type AdminAccess = SandboxAdmin & { readonly adminSecret?: string };

function headersOf(admin: AdminAccess): Record<string, string> {
  return admin.adminSecret === undefined ? {} : { Authorization: `Bearer ${admin.adminSecret}` };
}

export async function listConnections(admin: AdminAccess): Promise<AdminConnection[]> {
  const response = await fetch(admin.connectionsAdminUrl, {
    headers: headersOf(admin),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`GET ${admin.connectionsAdminUrl} answered ${response.status}: ${text}`);
  }
  return z.array(connectionSchema).parse(JSON.parse(text));
}

/** Closes the connection without $disconnect, as when AWS loses one. */
export async function dropConnection(admin: AdminAccess, connectionId: string): Promise<void> {
  const url = `${admin.connectionsAdminUrl.replace(/\/+$/, '')}/${encodeURIComponent(connectionId)}/drop`;
  const response = await fetch(url, {
    method: 'POST',
    headers: headersOf(admin),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`POST ${url} answered ${response.status}: ${text}`);
}
