/** What the two WebSocket transports read from their socket's events. */

/** `ws` says why an upgrade failed in its error event; a browser says nothing. */
export function refusedStatus(event: unknown): number | undefined {
  const message = (event as { message?: unknown } | null)?.message;
  const match = typeof message === 'string' ? /Unexpected server response: (\d{3})/.exec(message) : null;
  return match ? Number(match[1]) : undefined;
}

/** A message's data as text, whether the socket gave a string or an ArrayBuffer. */
export function textOf(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  return String(data);
}
