import type { ApiEndpoints, DemoConfig } from './contract';

/** The form's fields as typed. */
export interface CheckFields {
  readonly target: string;
  readonly steps: string;
  readonly stepMs: string;
  readonly failAtStep: string;
}

/**
 * The body of `POST /checks`. Empty fields are left out so the API applies its defaults;
 * nothing else is checked here: the API is the judge, and its message is shown.
 */
export function checkRequestBody(fields: CheckFields): Record<string, string | number> {
  const body: Record<string, string | number> = { target: fields.target };
  for (const name of ['steps', 'stepMs', 'failAtStep'] as const) {
    const text = fields[name].trim();
    if (text !== '') body[name] = Number.isNaN(Number(text)) ? text : Number(text);
  }
  return body;
}

/** The message of the contract's `{ error: { code, message } }`, or a description of an odd answer. */
export function errorMessage(status: number, body: unknown): string {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const { error } = body as { error: unknown };
    if (typeof error === 'object' && error !== null && 'message' in error) {
      const { message } = error as { message: unknown };
      if (typeof message === 'string') return message;
    }
  }
  return `The API answered ${status}`;
}

/** `POST /checks`; throws with the API's own message when it refuses. */
export async function createCheck(
  config: DemoConfig,
  body: Record<string, string | number>,
): Promise<{ id: string }> {
  const response = await fetch(new URL('checks', config.restUrl), {
    method: 'POST',
    headers: { Authorization: `Bearer ${config.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(errorMessage(response.status, answer));
  return answer as { id: string };
}

export interface Restrictions {
  readonly blockWebSocket: boolean;
  readonly bufferSse: boolean;
}

/**
 * Where the falling-back client connects. Buffering SSE only shows behind a blocked
 * WebSocket (otherwise the client never leaves WebSocket), which is the proxy that exists.
 */
export function fallbackEndpoints(
  config: DemoConfig,
  { blockWebSocket, bufferSse }: Restrictions,
): ApiEndpoints {
  if (!blockWebSocket) return { restUrl: config.restUrl, wsUrl: config.wsUrl };
  return bufferSse ? config.proxies.webSocketBlockedSseBuffered : config.proxies.webSocketBlocked;
}
