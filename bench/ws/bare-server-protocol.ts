/** What the bench asks the bare `ws` server process (over the IPC channel). */
export type BareServerRequest =
  { readonly type: 'broadcast'; readonly payload: string } | { readonly type: 'clients' };

/** What the bare `ws` server process answers. */
export type BareServerReply =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'broadcast'; readonly startedAt: number; readonly sentAt: number }
  | { readonly type: 'clients'; readonly count: number };
